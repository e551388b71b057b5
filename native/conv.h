#pragma once
#include <dnnl.hpp>
#include <string>

namespace gp {

/** One 2-D convolution in tfjs terms (NHWC, filter [kh, kw, ic, oc]); dilation counted from 1. */
struct ConvShape {
  dnnl::memory::dim n, ih, iw, ic, oh, ow, oc, kh, kw, sh, sw, dh, dw, pt, pl;
};

/** Each returns the oneDNN implementation name that ran (e.g. "brg:avx512_core"). */
std::string convForward(const ConvShape& s, const float* x, const float* w, float* y);
std::string convBackwardData(const ConvShape& s, const float* dy, const float* w, float* dx);
std::string convBackwardWeights(const ConvShape& s, const float* x, const float* dy, float* dw);
size_t cachedPrimitives();

}  // namespace gp
