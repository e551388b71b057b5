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
  // The layouts the primitive chose (format_tag::any): blocked layouts run oneDNN's direct jit
  // kernels instead of its gemm fallback on plain NHWC; user tensors are reordered in and out.
  dnnl::memory::desc src, weights, dst;
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
  ConvDescs a = d;
  a.src = dnnl::memory::desc({s.n, s.ic, s.ih, s.iw}, dt::f32, tag::any);
  a.weights = dnnl::memory::desc({s.oc, s.ic, s.kh, s.kw}, dt::f32, tag::any);
  a.dst = dnnl::memory::desc({s.n, s.oc, s.oh, s.ow}, dt::f32, tag::any);
  auto fwd = forwardPd(s, a);
  Cached entry;
  if (kind == 'f') {
    entry.prim = dnnl::convolution_forward(fwd);
    entry.impl = fwd.impl_info_str();
    entry.src = fwd.src_desc();
    entry.weights = fwd.weights_desc();
    entry.dst = fwd.dst_desc();
  } else if (kind == 'd') {
    dnnl::convolution_backward_data::desc desc(dnnl::algorithm::convolution_direct, a.src, a.weights, a.dst, d.strides, d.dilates, d.padL, d.padR);
    dnnl::convolution_backward_data::primitive_desc pd(desc, cpuEngine(), fwd);
    entry.prim = dnnl::convolution_backward_data(pd);
    entry.impl = pd.impl_info_str();
    entry.src = pd.diff_src_desc();
    entry.weights = pd.weights_desc();
    entry.dst = pd.diff_dst_desc();
  } else {
    dnnl::convolution_backward_weights::desc desc(dnnl::algorithm::convolution_direct, a.src, a.weights, a.dst, d.strides, d.dilates, d.padL, d.padR);
    dnnl::convolution_backward_weights::primitive_desc pd(desc, cpuEngine(), fwd);
    entry.prim = dnnl::convolution_backward_weights(pd);
    entry.impl = pd.impl_info_str();
    entry.src = pd.src_desc();
    entry.weights = pd.diff_weights_desc();
    entry.dst = pd.diff_dst_desc();
  }
  return cache().emplace(key, std::move(entry)).first->second;
}

dnnl::memory wrap(const dnnl::memory::desc& md, float* data) { return dnnl::memory(md, cpuEngine(), data); }

/** The user's tensor in the primitive's layout: itself when they agree, else a reordered copy. */
dnnl::memory input(const dnnl::memory::desc& want, const dnnl::memory::desc& user, const float* data) {
  dnnl::memory u = wrap(user, const_cast<float*>(data));
  if (want == user) return u;
  dnnl::memory m(want, cpuEngine());
  dnnl::reorder(u, m).execute(cpuStream(), u, m);
  return m;
}

/** Memory for an output in the primitive's layout; `finish` copies it into the user's tensor. */
struct Output {
  dnnl::memory mem;
  dnnl::memory user;
  bool reordered;
  void finish() {
    if (reordered) dnnl::reorder(mem, user).execute(cpuStream(), mem, user);
  }
};

Output output(const dnnl::memory::desc& want, const dnnl::memory::desc& user, float* data) {
  dnnl::memory u = wrap(user, data);
  if (want == user) return {u, u, false};
  return {dnnl::memory(want, cpuEngine()), u, true};
}

}  // namespace

std::string convForward(const ConvShape& s, const float* x, const float* w, float* y) {
  Cached& c = lookup('f', s);
  ConvDescs d = describe(s);
  Output out = output(c.dst, d.dst, y);
  c.prim.execute(cpuStream(), {{DNNL_ARG_SRC, input(c.src, d.src, x)}, {DNNL_ARG_WEIGHTS, input(c.weights, d.weights, w)}, {DNNL_ARG_DST, out.mem}});
  out.finish();
  cpuStream().wait();
  return c.impl;
}

std::string convBackwardData(const ConvShape& s, const float* dy, const float* w, float* dx) {
  Cached& c = lookup('d', s);
  ConvDescs d = describe(s);
  Output out = output(c.src, d.src, dx);
  c.prim.execute(cpuStream(), {{DNNL_ARG_DIFF_DST, input(c.dst, d.dst, dy)}, {DNNL_ARG_WEIGHTS, input(c.weights, d.weights, w)}, {DNNL_ARG_DIFF_SRC, out.mem}});
  out.finish();
  cpuStream().wait();
  return c.impl;
}

std::string convBackwardWeights(const ConvShape& s, const float* x, const float* dy, float* dw) {
  Cached& c = lookup('w', s);
  ConvDescs d = describe(s);
  Output out = output(c.weights, d.weights, dw);
  c.prim.execute(cpuStream(), {{DNNL_ARG_SRC, input(c.src, d.src, x)}, {DNNL_ARG_DIFF_DST, input(c.dst, d.dst, dy)}, {DNNL_ARG_DIFF_WEIGHTS, out.mem}});
  out.finish();
  cpuStream().wait();
  return c.impl;
}

size_t cachedPrimitives() { return cache().size(); }

}  // namespace gp
