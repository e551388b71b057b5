// Convolution kernels over oneDNN for the tfjs wasm backend: forward, backward-data (also the
// transposed convolution), backward-weights. Tensors are tfjs's own layouts, used in place:
// activations NHWC, filters [kh, kw, in, out] (oneDNN tag hwio). Primitives are cached by shape.
#include "conv.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace gp {

namespace {

using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

dnnl::engine& cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream& cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

struct ConvDescs {
  dnnl::memory::desc src, weights, dst;
  dnnl::memory::dims strides, dilates, padL, padR;
};

ConvDescs describe(const ConvShape& s) {
  ConvDescs d;
  d.src = dnnl::memory::desc({s.n, s.ic, s.ih, s.iw}, dt::f32, tag::nhwc);
  d.weights = dnnl::memory::desc({s.oc, s.ic, s.kh, s.kw}, dt::f32, tag::hwio);
  d.dst = dnnl::memory::desc({s.n, s.oc, s.oh, s.ow}, dt::f32, tag::nhwc);
  d.strides = {s.sh, s.sw};
  d.dilates = {s.dh - 1, s.dw - 1};  // oneDNN counts dilation from 0
  d.padL = {s.pt, s.pl};
  // tfjs may leave input rows unused at the bottom/right ('valid' with a remainder); oneDNN wants the
  // right padding that makes the output size exact, which is then negative or smaller.
  d.padR = {(s.oh - 1) * s.sh + (s.kh - 1) * s.dh + 1 - s.ih - s.pt, (s.ow - 1) * s.sw + (s.kw - 1) * s.dw + 1 - s.iw - s.pl};
  return d;
}

dnnl::convolution_forward::primitive_desc forwardPd(const ConvShape& s, const ConvDescs& d) {
  dnnl::convolution_forward::desc desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct, d.src, d.weights, d.dst,
                                       d.strides, d.dilates, d.padL, d.padR);
  (void)s;
  return dnnl::convolution_forward::primitive_desc(desc, cpuEngine());
}

std::string keyOf(char kind, const ConvShape& s) {
  std::string key(1, kind);
  for (auto v : {s.n, s.ih, s.iw, s.ic, s.oh, s.ow, s.oc, s.kh, s.kw, s.sh, s.sw, s.dh, s.dw, s.pt, s.pl}) {
    key += ',';
    key += std::to_string(v);
  }
  return key;
}

struct Cached {
  dnnl::primitive prim;
  std::string impl;
};

std::map<std::string, Cached>& cache() {
  static std::map<std::string, Cached> c;
  return c;
}

Cached& lookup(char kind, const ConvShape& s) {
  auto key = keyOf(kind, s);
  auto it = cache().find(key);
  if (it != cache().end()) return it->second;
  ConvDescs d = describe(s);
  auto fwd = forwardPd(s, d);
  Cached entry;
  if (kind == 'f') {
    entry.prim = dnnl::convolution_forward(fwd);
    entry.impl = fwd.impl_info_str();
  } else if (kind == 'd') {
    dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, d.src, d.weights, d.dst, d.strides, d.dilates, d.padL, d.padR);
    dnnl::convolution_backward_data::primitive_desc pd(desc, cpuEngine(), fwd);
    entry.prim = dnnl::convolution_backward_data(pd);
    entry.impl = pd.impl_info_str();
  } else {
    dnnl::convolution_backward_weights::desc desc(dnnl::algorithm::convolution_direct, d.src, d.weights, d.dst, d.strides, d.dilates, d.padL, d.padR);
    dnnl::convolution_backward_weights::primitive_desc pd(desc, cpuEngine(), fwd);
    entry.prim = dnnl::convolution_backward_weights(pd);
    entry.impl = pd.impl_info_str();
  }
  return cache().emplace(key, std::move(entry)).first->second;
}

dnnl::memory wrap(const dnnl::memory::desc& md, float* data) { return dnnl::memory(md, cpuEngine(), data); }

}  // namespace

std::string convForward(const ConvShape& s, const float* x, const float* w, float* y) {
  Cached& c = lookup('f', s);
  ConvDescs d = describe(s);
  c.prim.execute(cpuStream(), {{DNNL_ARG_SRC, wrap(d.src, const_cast<float*>(x))},
                               {DNNL_ARG_WEIGHTS, wrap(d.weights, const_cast<float*>(w))},
                               {DNNL_ARG_DST, wrap(d.dst, y)}});
  cpuStream().wait();
  return c.impl;
}

std::string convBackwardData(const ConvShape& s, const float* dy, const float* w, float* dx) {
  Cached& c = lookup('d', s);
  ConvDescs d = describe(s);
  c.prim.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, wrap(d.dst, const_cast<float*>(dy))},
                               {DNNL_ARG_WEIGHTS, wrap(d.weights, const_cast<float*>(w))},
                               {DNNL_ARG_DIFF_SRC, wrap(d.src, dx)}});
  cpuStream().wait();
  return c.impl;
}

std::string convBackwardWeights(const ConvShape& s, const float* x, const float* dy, float* dw) {
  Cached& c = lookup('w', s);
  ConvDescs d = describe(s);
  c.prim.execute(cpuStream(), {{DNNL_ARG_SRC, wrap(d.src, const_cast<float*>(x))},
                               {DNNL_ARG_DIFF_DST, wrap(d.dst, const_cast<float*>(dy))},
                               {DNNL_ARG_DIFF_WEIGHTS, wrap(d.weights, dw)}});
  cpuStream().wait();
  return c.impl;
}

size_t cachedPrimitives() { return cache().size(); }

}  // namespace gp
