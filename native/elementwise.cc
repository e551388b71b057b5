// Elementwise kernels for the shapes a training step is made of: same-shape operands, a per-channel
// vector broadcast along the last (channel) axis, or a scalar; and batch-norm's normalisation.
#include "elementwise.h"

#include <omp.h>

#include <cmath>
#include <vector>

namespace gp {

namespace {

constexpr int64_t kParallelMin = 1 << 17;  // below this, waking a second thread costs more than it saves

template <typename F>
void apply(F f, const float* a, int64_t aPeriod, const float* b, int64_t bPeriod, float* out, int64_t n) {
  if (aPeriod == n && bPeriod == n) {
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
    for (int64_t i = 0; i < n; i++) out[i] = f(a[i], b[i]);
  } else if (aPeriod == n) {
    if (bPeriod == 1) {
      const float s = b[0];
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t i = 0; i < n; i++) out[i] = f(a[i], s);
    } else {
      const int64_t rows = n / bPeriod, c = bPeriod;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t r = 0; r < rows; r++) {
        const float* ar = a + r * c;
        float* o = out + r * c;
        for (int64_t j = 0; j < c; j++) o[j] = f(ar[j], b[j]);
      }
    }
  } else {  // bPeriod == n, a broadcast
    if (aPeriod == 1) {
      const float s = a[0];
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t i = 0; i < n; i++) out[i] = f(s, b[i]);
    } else {
      const int64_t rows = n / aPeriod, c = aPeriod;
#pragma omp parallel for schedule(static) if (n >= kParallelMin)
      for (int64_t r = 0; r < rows; r++) {
        const float* br = b + r * c;
        float* o = out + r * c;
        for (int64_t j = 0; j < c; j++) o[j] = f(a[j], br[j]);
      }
    }
  }
}

}  // namespace

void binaryF32(BinaryOp op, const float* a, int64_t aPeriod, const float* b, int64_t bPeriod, float* out, int64_t n) {
  switch (op) {
    case BinaryOp::Add: apply([](float x, float y) { return x + y; }, a, aPeriod, b, bPeriod, out, n); break;
    case BinaryOp::Sub: apply([](float x, float y) { return x - y; }, a, aPeriod, b, bPeriod, out, n); break;
    case BinaryOp::Mul: apply([](float x, float y) { return x * y; }, a, aPeriod, b, bPeriod, out, n); break;
    case BinaryOp::Div: apply([](float x, float y) { return x / y; }, a, aPeriod, b, bPeriod, out, n); break;
  }
}

void batchNormF32(const float* x, const float* mean, const float* var, const float* offset, const float* scale, float eps, int64_t rows, int64_t c, float* out) {
  std::vector<float> mul(c), add(c);
  for (int64_t j = 0; j < c; j++) {
    // Same association as tfjs: (x - mean) * (scale / sqrt(var + eps)) + offset.
    mul[j] = (scale ? scale[j] : 1.0f) / std::sqrt(var[j] + eps);
    add[j] = offset ? offset[j] : 0.0f;
  }
  const float* m = mul.data();
  const float* ad = add.data();
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * c;
    float* o = out + r * c;
    for (int64_t j = 0; j < c; j++) o[j] = (xr[j] - mean[j]) * m[j] + ad[j];
  }
}

}  // namespace gp
