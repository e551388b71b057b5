#pragma once
#include <cstdint>

namespace gp {

/** out = tile(in, reps) for row-major tensors of rank <= 8 (shapes given for input and output). */
void tileF32(const float* in, const int32_t* inShape, const int32_t* outShape, int rank, float* out);

/** out[j] = sum over i of in[i * inner + j] (reducing the leading axes), multithreaded; scale applied at the end. */
void sumLeadingF32(const float* in, int64_t outer, int64_t inner, float scale, float* out);

}  // namespace gp
