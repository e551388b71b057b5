// N-API entry points of the geopretrain native kernels. Arrays arrive as Float32Array views (on the
// wasm backend's heap, or any other buffer) and are read and written in place: no copies.
#include <node_api.h>
#include <omp.h>

#include <cstdint>
#include <string>

#include "conv.h"
#include "layout.h"
#include "elementwise.h"
#include "batchnorm.h"
#include "resize.h"

namespace {

bool check(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return true;
  napi_throw_error(env, nullptr, what);
  return false;
}

bool floatArray(napi_env env, napi_value v, float** data, size_t* length, const char* name) {
  bool isTyped = false;
  napi_is_typedarray(env, v, &isTyped);
  napi_typedarray_type type;
  void* ptr = nullptr;
  if (!isTyped || napi_get_typedarray_info(env, v, &type, length, &ptr, nullptr, nullptr) != napi_ok || type != napi_float32_array) {
    std::string msg = std::string(name) + " must be a Float32Array";
    napi_throw_type_error(env, nullptr, msg.c_str());
    return false;
  }
  *data = static_cast<float*>(ptr);
  return true;
}

// conv2d(kind, params Int32Array(15), a, b, out) -> implementation name.
// kind 'forward': a = x, b = filter, out = y; 'backwardData': a = dy, b = filter, out = dx;
// 'backwardWeights': a = x, b = dy, out = dfilter.
napi_value Conv2d(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  if (!check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "bad call") ) return nullptr;
  if (argc != 5) {
    napi_throw_type_error(env, nullptr, "conv2d(kind, params, a, b, out) takes 5 arguments");
    return nullptr;
  }
  char kind[32] = {0};
  size_t kindLen = 0;
  if (!check(env, napi_get_value_string_utf8(env, argv[0], kind, sizeof kind, &kindLen), "kind must be a string")) return nullptr;
  napi_typedarray_type type;
  size_t count = 0;
  void* raw = nullptr;
  if (napi_get_typedarray_info(env, argv[1], &type, &count, &raw, nullptr, nullptr) != napi_ok || type != napi_int32_array || count != 15) {
    napi_throw_type_error(env, nullptr, "params must be an Int32Array of 15");
    return nullptr;
  }
  const int32_t* p = static_cast<const int32_t*>(raw);
  gp::ConvShape s{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
  float *a, *b, *out;
  size_t na, nb, nout;
  if (!floatArray(env, argv[2], &a, &na, "a") || !floatArray(env, argv[3], &b, &nb, "b") || !floatArray(env, argv[4], &out, &nout, "out")) return nullptr;
  const size_t xSize = size_t(s.n) * s.ih * s.iw * s.ic, ySize = size_t(s.n) * s.oh * s.ow * s.oc, wSize = size_t(s.kh) * s.kw * s.ic * s.oc;
  std::string k(kind, kindLen);
  size_t wantA, wantB, wantOut;
  if (k == "forward") { wantA = xSize; wantB = wSize; wantOut = ySize; }
  else if (k == "backwardData") { wantA = ySize; wantB = wSize; wantOut = xSize; }
  else if (k == "backwardWeights") { wantA = xSize; wantB = ySize; wantOut = wSize; }
  else {
    napi_throw_type_error(env, nullptr, "kind must be forward, backwardData or backwardWeights");
    return nullptr;
  }
  if (na != wantA || nb != wantB || nout != wantOut) {
    napi_throw_range_error(env, nullptr, "array sizes do not match the convolution shape");
    return nullptr;
  }
  std::string impl;
  try {
    if (k == "forward") impl = gp::convForward(s, a, b, out);
    else if (k == "backwardData") impl = gp::convBackwardData(s, a, b, out);
    else impl = gp::convBackwardWeights(s, a, b, out);
  } catch (const dnnl::error& e) {
    std::string msg = std::string("oneDNN: ") + e.what();
    napi_throw_error(env, nullptr, msg.c_str());
    return nullptr;
  }
  napi_value result;
  napi_create_string_utf8(env, impl.c_str(), impl.size(), &result);
  return result;
}

bool int32Array(napi_env env, napi_value v, int32_t** data, size_t* length, const char* name) {
  napi_typedarray_type type;
  void* ptr = nullptr;
  bool isTyped = false;
  napi_is_typedarray(env, v, &isTyped);
  if (!isTyped || napi_get_typedarray_info(env, v, &type, length, &ptr, nullptr, nullptr) != napi_ok || type != napi_int32_array) {
    std::string msg = std::string(name) + " must be an Int32Array";
    napi_throw_type_error(env, nullptr, msg.c_str());
    return false;
  }
  *data = static_cast<int32_t*>(ptr);
  return true;
}

// tile(in, inShape Int32Array, outShape Int32Array, out): every outShape[d] a multiple of inShape[d].
napi_value Tile(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 4) {
    napi_throw_type_error(env, nullptr, "tile(in, inShape, outShape, out) takes 4 arguments");
    return nullptr;
  }
  float *in, *out;
  int32_t *inShape, *outShape;
  size_t nIn, nOut, rIn, rOut;
  if (!floatArray(env, argv[0], &in, &nIn, "in") || !int32Array(env, argv[1], &inShape, &rIn, "inShape") ||
      !int32Array(env, argv[2], &outShape, &rOut, "outShape") || !floatArray(env, argv[3], &out, &nOut, "out")) return nullptr;
  size_t wantIn = 1, wantOut = 1;
  bool ok = rIn == rOut && rIn >= 1 && rIn <= 8;
  for (size_t d = 0; ok && d < rIn; d++) {
    ok = inShape[d] > 0 && outShape[d] > 0 && outShape[d] % inShape[d] == 0;
    wantIn *= ok ? inShape[d] : 0;
    wantOut *= ok ? outShape[d] : 0;
  }
  if (!ok || wantIn != nIn || wantOut != nOut) {
    napi_throw_range_error(env, nullptr, "tile: shapes do not match the arrays or are not multiples");
    return nullptr;
  }
  gp::tileF32(in, inShape, outShape, static_cast<int>(rIn), out);
  return nullptr;
}

// sumLeading(in, outer, inner, scale, out): out[j] = scale * sum_i in[i*inner + j].
napi_value SumLeading(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  float *in, *out;
  size_t nIn, nOut;
  int64_t outer = 0, inner = 0;
  double scale = 1;
  if (argc != 5 || !floatArray(env, argv[0], &in, &nIn, "in") || !floatArray(env, argv[4], &out, &nOut, "out")) {
    if (argc != 5) napi_throw_type_error(env, nullptr, "sumLeading(in, outer, inner, scale, out) takes 5 arguments");
    return nullptr;
  }
  napi_get_value_int64(env, argv[1], &outer);
  napi_get_value_int64(env, argv[2], &inner);
  napi_get_value_double(env, argv[3], &scale);
  if (outer < 1 || inner < 1 || static_cast<size_t>(outer * inner) != nIn || static_cast<size_t>(inner) != nOut) {
    napi_throw_range_error(env, nullptr, "sumLeading: outer x inner must equal the input size and inner the output size");
    return nullptr;
  }
  gp::sumLeadingF32(in, outer, inner, static_cast<float>(scale), out);
  return nullptr;
}

// binary(op 0..3, a, b, out): a and b each of out's length, of the last axis' length, or 1.
napi_value Binary(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value argv[4];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t op = -1;
  float *a, *b, *out;
  size_t na, nb, nout;
  if (argc != 4 || napi_get_value_int32(env, argv[0], &op) != napi_ok || op < 0 || op > 3) {
    napi_throw_type_error(env, nullptr, "binary(op 0..3, a, b, out)");
    return nullptr;
  }
  if (!floatArray(env, argv[1], &a, &na, "a") || !floatArray(env, argv[2], &b, &nb, "b") || !floatArray(env, argv[3], &out, &nout, "out")) return nullptr;
  const bool ok = nout > 0 && (na == nout || (na > 0 && nout % na == 0 && nb == nout)) && (nb == nout || (nb > 0 && nout % nb == 0 && na == nout));
  if (!ok) {
    napi_throw_range_error(env, nullptr, "binary: one operand must have the output's size, the other the same, a divisor or 1");
    return nullptr;
  }
  gp::binaryF32(static_cast<gp::BinaryOp>(op), a, static_cast<int64_t>(na), b, static_cast<int64_t>(nb), out, static_cast<int64_t>(nout));
  return nullptr;
}

// batchNorm(x, mean, variance, offset|null, scale|null, eps, out): per-channel vectors of the last axis.
napi_value BatchNorm(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 7) {
    napi_throw_type_error(env, nullptr, "batchNorm(x, mean, variance, offset, scale, eps, out) takes 7 arguments");
    return nullptr;
  }
  float *x, *mean, *var, *out, *offset = nullptr, *scale = nullptr;
  size_t nx, nm, nv, nout, no = 0, ns = 0;
  if (!floatArray(env, argv[0], &x, &nx, "x") || !floatArray(env, argv[1], &mean, &nm, "mean") || !floatArray(env, argv[2], &var, &nv, "variance") ||
      !floatArray(env, argv[6], &out, &nout, "out")) return nullptr;
  napi_valuetype t;
  napi_typeof(env, argv[3], &t);
  if (t != napi_null && !floatArray(env, argv[3], &offset, &no, "offset")) return nullptr;
  napi_typeof(env, argv[4], &t);
  if (t != napi_null && !floatArray(env, argv[4], &scale, &ns, "scale")) return nullptr;
  double eps = 0;
  napi_get_value_double(env, argv[5], &eps);
  const size_t c = nm;
  if (c == 0 || nv != c || nx != nout || nx % c != 0 || (offset && no != c) || (scale && ns != c)) {
    napi_throw_range_error(env, nullptr, "batchNorm: vectors must have the channel count, x and out the same size");
    return nullptr;
  }
  gp::batchNormF32(x, mean, var, offset, scale, static_cast<float>(eps), static_cast<int64_t>(nx / c), static_cast<int64_t>(c), out);
  return nullptr;
}

bool optionalFloatArray(napi_env env, napi_value v, float** data, size_t* length, const char* name) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_null || t == napi_undefined) {
    *data = nullptr;
    *length = 0;
    return true;
  }
  return floatArray(env, v, data, length, name);
}

// bnTrainForward(x, gamma|null, beta|null, eps, y, mean, variance)
napi_value BnTrainForward(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value argv[7];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 7) {
    napi_throw_type_error(env, nullptr, "bnTrainForward(x, gamma, beta, eps, y, mean, variance) takes 7 arguments");
    return nullptr;
  }
  float *x, *gamma, *beta, *y, *mean, *var;
  size_t nx, ng, nb, ny, nm, nv;
  double eps = 0;
  if (!floatArray(env, argv[0], &x, &nx, "x") || !optionalFloatArray(env, argv[1], &gamma, &ng, "gamma") || !optionalFloatArray(env, argv[2], &beta, &nb, "beta") ||
      !floatArray(env, argv[4], &y, &ny, "y") || !floatArray(env, argv[5], &mean, &nm, "mean") || !floatArray(env, argv[6], &var, &nv, "variance")) return nullptr;
  napi_get_value_double(env, argv[3], &eps);
  const size_t c = nm;
  if (c == 0 || nv != c || nx != ny || nx == 0 || nx % c != 0 || (gamma && ng != c) || (beta && nb != c)) {
    napi_throw_range_error(env, nullptr, "bnTrainForward: sizes do not agree");
    return nullptr;
  }
  gp::batchNormTrainForward(x, gamma, beta, static_cast<float>(eps), static_cast<int64_t>(nx / c), static_cast<int64_t>(c), y, mean, var);
  return nullptr;
}

// bnTrainBackward(x, dy, gamma|null, mean, variance, eps, dx, dgamma, dbeta)
napi_value BnTrainBackward(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value argv[9];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 9) {
    napi_throw_type_error(env, nullptr, "bnTrainBackward(x, dy, gamma, mean, variance, eps, dx, dgamma, dbeta) takes 9 arguments");
    return nullptr;
  }
  float *x, *dy, *gamma, *mean, *var, *dx, *dg, *db;
  size_t nx, ndy, ng, nm, nv, ndx, ndg, ndb;
  double eps = 0;
  if (!floatArray(env, argv[0], &x, &nx, "x") || !floatArray(env, argv[1], &dy, &ndy, "dy") || !optionalFloatArray(env, argv[2], &gamma, &ng, "gamma") ||
      !floatArray(env, argv[3], &mean, &nm, "mean") || !floatArray(env, argv[4], &var, &nv, "variance") || !floatArray(env, argv[6], &dx, &ndx, "dx") ||
      !floatArray(env, argv[7], &dg, &ndg, "dgamma") || !floatArray(env, argv[8], &db, &ndb, "dbeta")) return nullptr;
  napi_get_value_double(env, argv[5], &eps);
  const size_t c = nm;
  if (c == 0 || nv != c || ndg != c || ndb != c || nx != ndy || nx != ndx || nx == 0 || nx % c != 0 || (gamma && ng != c)) {
    napi_throw_range_error(env, nullptr, "bnTrainBackward: sizes do not agree");
    return nullptr;
  }
  gp::batchNormTrainBackward(x, dy, gamma, mean, var, static_cast<float>(eps), static_cast<int64_t>(nx / c), static_cast<int64_t>(c), dx, dg, db);
  return nullptr;
}

// resizeBilinearGrad(dy, dims Int32Array [n, yh, yw, c, xh, xw], alignCorners, halfPixelCenters, dx)
napi_value ResizeBilinearGrad(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  float *dy, *dx;
  int32_t* dims;
  size_t ndy, ndx, nd;
  bool align = false, halfPixel = false;
  if (argc != 5 || !floatArray(env, argv[0], &dy, &ndy, "dy") || !int32Array(env, argv[1], &dims, &nd, "dims") || !floatArray(env, argv[4], &dx, &ndx, "dx")) {
    if (argc != 5) napi_throw_type_error(env, nullptr, "resizeBilinearGrad(dy, dims, alignCorners, halfPixelCenters, dx) takes 5 arguments");
    return nullptr;
  }
  napi_get_value_bool(env, argv[2], &align);
  napi_get_value_bool(env, argv[3], &halfPixel);
  if (nd != 6 || dims[0] < 1 || dims[1] < 1 || dims[2] < 1 || dims[3] < 1 || dims[4] < 1 || dims[5] < 1 ||
      ndy != size_t(dims[0]) * dims[1] * dims[2] * dims[3] || ndx != size_t(dims[0]) * dims[4] * dims[5] * dims[3]) {
    napi_throw_range_error(env, nullptr, "resizeBilinearGrad: dims do not match the arrays");
    return nullptr;
  }
  gp::resizeBilinearGradF32(dy, dims[0], dims[1], dims[2], dims[3], dims[4], dims[5], align, halfPixel, dx);
  return nullptr;
}

napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int32_t n = 0;
  if (argc != 1 || napi_get_value_int32(env, argv[0], &n) != napi_ok || n < 1) {
    napi_throw_range_error(env, nullptr, "setThreads(n) needs an integer n >= 1");
    return nullptr;
  }
  omp_set_num_threads(n);
  return nullptr;
}

napi_value Info(napi_env env, napi_callback_info) {
  napi_value obj, v;
  napi_create_object(env, &obj);
  const dnnl_version_t* ver = dnnl_version();
  std::string version = std::to_string(ver->major) + "." + std::to_string(ver->minor) + "." + std::to_string(ver->patch);
  napi_create_string_utf8(env, version.c_str(), version.size(), &v);
  napi_set_named_property(env, obj, "onednn", v);
  napi_create_int32(env, omp_get_max_threads(), &v);
  napi_set_named_property(env, obj, "threads", v);
  napi_create_uint32(env, static_cast<uint32_t>(gp::cachedPrimitives()), &v);
  napi_set_named_property(env, obj, "cachedPrimitives", v);
  return obj;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
      {"conv2d", nullptr, Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"tile", nullptr, Tile, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sumLeading", nullptr, SumLeading, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"binary", nullptr, Binary, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"batchNorm", nullptr, BatchNorm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"bnTrainForward", nullptr, BnTrainForward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"bnTrainBackward", nullptr, BnTrainBackward, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"resizeBilinearGrad", nullptr, ResizeBilinearGrad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
