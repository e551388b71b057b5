#pragma once
#include <cstdint>

namespace gp {

/**
 * Training-mode batch norm over the leading axes of a [rows, c] view: per-channel batch mean and
 * biased variance (accumulated in double), y = (x - mean) / sqrt(var + eps) * gamma + beta.
 */
void batchNormTrainForward(const float* x, const float* gamma, const float* beta, float eps, int64_t rows, int64_t c, float* y, float* mean, float* var);

/**
 * Its gradient: with xhat = (x - mean) / sqrt(var + eps), dbeta = Σ dy, dgamma = Σ dy·xhat,
 * dx = gamma / sqrt(var + eps) · (dy - dbeta/rows - xhat · dgamma/rows).
 */
void batchNormTrainBackward(const float* x, const float* dy, const float* gamma, const float* mean, const float* var, float eps, int64_t rows, int64_t c,
                            float* dx, float* dgamma, float* dbeta);

}  // namespace gp
