// Fused training-mode batch normalisation (forward with batch statistics, and its full gradient):
// two passes over the activations each way instead of the ~20 elementwise kernels tfjs composes.
#include "batchnorm.h"

#include <omp.h>

#include <cmath>
#include <vector>

namespace gp {

namespace {

constexpr int64_t kParallelMin = 1 << 16;

/** Per-channel sums of f(row, j) over rows, split across threads; results in double. */
template <typename F>
void channelSums(int64_t rows, int64_t c, int nsums, F f, std::vector<double>& out) {
  const int threads = rows * c >= kParallelMin ? omp_get_max_threads() : 1;
  std::vector<double> partial(static_cast<size_t>(threads) * nsums * c, 0.0);
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t lo = rows * t / nt, hi = rows * (t + 1) / nt;
    double* mine = partial.data() + static_cast<size_t>(t) * nsums * c;
    std::vector<float> acc(static_cast<size_t>(nsums) * c, 0.0f);
    int64_t count = 0;
    for (int64_t r = lo; r < hi; r++) {
      f(r, acc.data());
      if (++count == 32) {  // flush float partials into double every 32 rows
        for (size_t k = 0; k < acc.size(); k++) { mine[k] += acc[k]; acc[k] = 0.0f; }
        count = 0;
      }
    }
    for (size_t k = 0; k < acc.size(); k++) mine[k] += acc[k];
  }
  out.assign(static_cast<size_t>(nsums) * c, 0.0);
  for (int t = 0; t < threads; t++)
    for (size_t k = 0; k < out.size(); k++) out[k] += partial[static_cast<size_t>(t) * nsums * c + k];
}

}  // namespace

void batchNormTrainForward(const float* x, const float* gamma, const float* beta, float eps, int64_t rows, int64_t c, float* y, float* mean, float* var) {
  std::vector<double> sums;
  // Shifted sums (by the first row) keep the variance accurate when the mean is large.
  const float* shift = x;
  channelSums(rows, c, 2, [&](int64_t r, float* acc) {
    const float* xr = x + r * c;
    for (int64_t j = 0; j < c; j++) {
      const float d = xr[j] - shift[j];
      acc[j] += d;
      acc[c + j] += d * d;
    }
  }, sums);
  std::vector<float> scale(c), offset(c);
  for (int64_t j = 0; j < c; j++) {
    const double m = sums[j] / rows;
    double v = sums[c + j] / rows - m * m;
    if (v < 0) v = 0;
    mean[j] = static_cast<float>(m + shift[j]);
    var[j] = static_cast<float>(v);
    const float inv = 1.0f / std::sqrt(var[j] + eps);
    scale[j] = inv * (gamma ? gamma[j] : 1.0f);
    offset[j] = (beta ? beta[j] : 0.0f) - mean[j] * scale[j];
  }
  const float* s = scale.data();
  const float* o = offset.data();
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * c;
    float* yr = y + r * c;
    for (int64_t j = 0; j < c; j++) yr[j] = xr[j] * s[j] + o[j];
  }
}

void batchNormTrainBackward(const float* x, const float* dy, const float* gamma, const float* mean, const float* var, float eps, int64_t rows, int64_t c,
                            float* dx, float* dgamma, float* dbeta) {
  std::vector<float> inv(c);
  for (int64_t j = 0; j < c; j++) inv[j] = 1.0f / std::sqrt(var[j] + eps);
  const float* iv = inv.data();
  std::vector<double> sums;
  channelSums(rows, c, 2, [&](int64_t r, float* acc) {
    const float* xr = x + r * c;
    const float* gr = dy + r * c;
    for (int64_t j = 0; j < c; j++) {
      acc[j] += gr[j];
      acc[c + j] += gr[j] * (xr[j] - mean[j]) * iv[j];
    }
  }, sums);
  std::vector<float> k0(c), k1(c), k2(c);
  for (int64_t j = 0; j < c; j++) {
    dbeta[j] = static_cast<float>(sums[j]);
    dgamma[j] = static_cast<float>(sums[c + j]);
    const float g = (gamma ? gamma[j] : 1.0f) * iv[j];
    // dx = g·dy - g·dbeta/rows - g·xhat·dgamma/rows, with xhat = (x - mean)·inv
    k0[j] = g;
    k1[j] = g * static_cast<float>(sums[j] / rows);
    k2[j] = g * static_cast<float>(sums[c + j] / rows) * iv[j];
  }
  const float *a = k0.data(), *b = k1.data(), *d = k2.data();
#pragma omp parallel for schedule(static) if (rows * c >= kParallelMin)
  for (int64_t r = 0; r < rows; r++) {
    const float* xr = x + r * c;
    const float* gr = dy + r * c;
    float* o = dx + r * c;
    for (int64_t j = 0; j < c; j++) o[j] = a[j] * gr[j] - b[j] - d[j] * (xr[j] - mean[j]);
  }
}

}  // namespace gp
