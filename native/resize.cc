// Bilinear-resize gradient: the wasm backend's kernel was the largest single cost of the CNN+FPN step.
#include "resize.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace gp {

namespace {

/** Source index pair and weight of output index i, exactly as the forward kernels sample. */
inline void source(int64_t i, double ratio, bool halfPixel, int64_t size, int64_t* lo, int64_t* hi, float* w) {
  const double frac = halfPixel ? ratio * (i + 0.5) - 0.5 : ratio * i;
  *lo = std::max<int64_t>(0, static_cast<int64_t>(std::floor(frac)));
  *hi = std::min<int64_t>(size - 1, static_cast<int64_t>(std::ceil(frac)));
  *w = static_cast<float>(frac - *lo);
}

}  // namespace

void resizeBilinearGradF32(const float* dy, int64_t n, int64_t yh, int64_t yw, int64_t c, int64_t xh, int64_t xw, bool alignCorners, bool halfPixel, float* dx) {
  // Ratios in double, as the JavaScript kernels compute them.
  const double hScale = (alignCorners && yh > 1) ? double(xh - 1) / (yh - 1) : double(xh) / yh;
  const double wScale = (alignCorners && yw > 1) ? double(xw - 1) / (yw - 1) : double(xw) / yw;
#pragma omp parallel for schedule(static) if (n * yh * yw * c >= (1 << 16))
  for (int64_t b = 0; b < n; b++) {
    float* out = dx + b * xh * xw * c;
    std::memset(out, 0, sizeof(float) * xh * xw * c);
    const float* g = dy + b * yh * yw * c;
    for (int64_t r = 0; r < yh; r++) {
      int64_t top, bottom;
      float rl;
      source(r, hScale, halfPixel, xh, &top, &bottom, &rl);
      const float irl = 1.0f - rl;
      for (int64_t col = 0; col < yw; col++) {
        int64_t left, right;
        float cl;
        source(col, wScale, halfPixel, xw, &left, &right, &cl);
        const float icl = 1.0f - cl;
        const float wtl = irl * icl, wtr = irl * cl, wbl = rl * icl, wbr = rl * cl;
        float* tl = out + (top * xw + left) * c;
        float* tr = out + (top * xw + right) * c;
        float* bl = out + (bottom * xw + left) * c;
        float* br = out + (bottom * xw + right) * c;
        const float* gv = g + (r * yw + col) * c;
        for (int64_t d = 0; d < c; d++) {
          const float v = gv[d];
          tl[d] += v * wtl;
          tr[d] += v * wtr;
          bl[d] += v * wbl;
          br[d] += v * wbr;
        }
      }
    }
  }
}

}  // namespace gp
