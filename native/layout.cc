// Layout kernels the wasm backend runs slowly: Tile (generic index arithmetic per element there) and
// reductions over leading axes (the wasm backend transposes the whole tensor first).
#include "layout.h"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace gp {

void tileF32(const float* in, const int32_t* inShape, const int32_t* outShape, int rank, float* out) {
  // Each output row (last axis) is the input row repeated; rows are enumerated in row-major order and
  // mapped to their input row by the modulo of each leading coordinate.
  const int64_t inRow = inShape[rank - 1], outRow = outShape[rank - 1];
  int64_t rows = 1;
  for (int d = 0; d < rank - 1; d++) rows *= outShape[d];
#pragma omp parallel for schedule(static) if (rows * outRow > (1 << 16))
  for (int64_t r = 0; r < rows; r++) {
    int64_t rest = r, inIndex = 0, inStride = 1;
    for (int d = rank - 2; d >= 0; d--) {
      const int64_t coord = rest % outShape[d];
      rest /= outShape[d];
      inIndex += (coord % inShape[d]) * inStride;
      inStride *= inShape[d];
    }
    const float* src = in + inIndex * inRow;
    float* dst = out + r * outRow;
    for (int64_t k = 0; k < outRow; k += inRow) std::memcpy(dst + k, src, sizeof(float) * inRow);
  }
}

void sumLeadingF32(const float* in, int64_t outer, int64_t inner, float scale, float* out) {
  const int threads = (outer * inner > (1 << 15)) ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * inner, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t lo = outer * t / nt, hi = outer * (t + 1) / nt;
    // Accumulate in float per block of rows (vectorises), then into double per thread.
    std::vector<float> acc(inner, 0.0f);
    double* mine = partial.data() + static_cast<size_t>(t) * inner;
    int64_t count = 0;
    for (int64_t i = lo; i < hi; i++) {
      const float* row = in + i * inner;
      for (int64_t j = 0; j < inner; j++) acc[j] += row[j];
      if (++count == 64) {
        for (int64_t j = 0; j < inner; j++) { mine[j] += acc[j]; acc[j] = 0.0f; }
        count = 0;
      }
    }
    for (int64_t j = 0; j < inner; j++) mine[j] += acc[j];
  }
  for (int64_t j = 0; j < inner; j++) {
    double s = 0;
    for (int t = 0; t < threads; t++) s += partial[static_cast<size_t>(t) * inner + j];
    out[j] = static_cast<float>(s * scale);
  }
}

}  // namespace gp
