#pragma once
#include <cstdint>

namespace gp {

enum class BinaryOp { Add = 0, Sub = 1, Mul = 2, Div = 3 };

/**
 * out[i] = a[i] op b[i] over n outputs, where `aPeriod`/`bPeriod` is the length of each operand
 * (n: full, c: repeated along the last axis, 1: scalar). Multithreaded above a size threshold.
 */
void binaryF32(BinaryOp op, const float* a, int64_t aPeriod, const float* b, int64_t bPeriod, float* out, int64_t n);

/** Inference-style batch norm on a [rows, c] view: out = (x - mean) * rsqrt(var + eps) * scale + offset. */
void batchNormF32(const float* x, const float* mean, const float* var, const float* offset, const float* scale, float eps, int64_t rows, int64_t c, float* out);

}  // namespace gp
