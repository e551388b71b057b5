#pragma once
#include <cstdint>

namespace gp {

/**
 * Gradient of bilinear resizing, the exact adjoint of the forward sampling for every alignCorners /
 * halfPixelCenters setting: scatters dy [n, yh, yw, c] onto dx [n, xh, xw, c]. Parallel over the batch.
 */
void resizeBilinearGradF32(const float* dy, int64_t n, int64_t yh, int64_t yw, int64_t c, int64_t xh, int64_t xw, bool alignCorners, bool halfPixel, float* dx);

}  // namespace gp
