/**
 * The shape family shared by every SynthGeo set: the classification set uses one shape per class,
 * the segmentation targets map their classes onto the same shapes, so spatial structure learned in
 * pre-training is what can transfer. Each shape is an inside-test in canonical object coordinates
 * (u right, v down, the object's extent about [-1, 1]); shapes are chosen to stay distinguishable
 * under any rotation (the diamond is a tall rhombus, not a rotated square; the bar is 3:1).
 */
export const SHAPES = ['disc', 'square', 'triangle', 'cross', 'ring', 'star', 'l-shape', 'bar', 'diamond', 'crescent'] as const;
export type ShapeName = (typeof SHAPES)[number];

const STAR_STEP = (2 * Math.PI) / 5;

/** True when canonical point (u, v) is inside the shape. */
export function insideShape(shape: number, u: number, v: number): boolean {
  switch (shape) {
    case 0: // disc
      return u * u + v * v <= 0.81;
    case 1: // square
      return Math.abs(u) <= 0.72 && Math.abs(v) <= 0.72;
    case 2: // triangle, apex up
      return v <= 0.7 && v >= -0.9 && Math.abs(u) <= (0.95 * (v + 0.9)) / 1.6;
    case 3: // cross (plus)
      return (Math.abs(u) <= 0.27 && Math.abs(v) <= 0.92) || (Math.abs(v) <= 0.27 && Math.abs(u) <= 0.92);
    case 4: { // ring
      const r2 = u * u + v * v;
      return r2 <= 0.85 && r2 >= 0.25;
    }
    case 5: { // five-pointed star, one point up
      const r = Math.sqrt(u * u + v * v);
      if (r > 0.97) return false;
      if (r < 0.4) return true;
      let a = Math.atan2(u, -v);
      if (a < 0) a += 2 * Math.PI;
      const phi = Math.abs((a % STAR_STEP) - STAR_STEP / 2); // 0 at a notch, STAR_STEP/2 at a point
      return r <= 0.4 + (0.97 - 0.4) * (phi / (STAR_STEP / 2));
    }
    case 6: // L-shape
      return (u >= -0.8 && u <= -0.25 && v >= -0.9 && v <= 0.9) || (u >= -0.8 && u <= 0.8 && v >= 0.35 && v <= 0.9);
    case 7: // bar, 3:1
      return Math.abs(u) <= 0.95 && Math.abs(v) <= 0.32;
    case 8: // diamond (tall rhombus)
      return Math.abs(u) / 0.55 + Math.abs(v) / 0.95 <= 1;
    case 9: { // crescent, opening to the right
      const inOuter = u * u + v * v <= 0.85;
      const du = u - 0.42;
      const inBite = du * du + v * v <= 0.5;
      return inOuter && !inBite;
    }
    default:
      throw new Error(`unknown shape ${shape}`);
  }
}

/** Placement of one shape in an image. */
export interface Placement {
  shape: number;
  /** Centre in pixel coordinates (pixel centres at integer + 0.5). */
  cx: number;
  cy: number;
  /** Half-extent in pixels. */
  radius: number;
  /** Rotation in radians (counter-clockwise on screen). */
  angle: number;
  /** Mirror left-right in the object frame. */
  mirror: boolean;
  /** Stretch of the object along its own u axis (1 = none). */
  aspect?: number;
}

/**
 * Calls `visit(pixelIndex, u, v)` for every pixel whose centre lies inside the placed shape
 * (row-major index into a height x width grid). Pixel-centre sampling: labels and image pixels use
 * the same test, so they agree exactly.
 */
export function rasterizeShape(p: Placement, height: number, width: number, visit: (index: number, u: number, v: number) => void): number {
  const aspect = p.aspect ?? 1;
  const reach = p.radius * Math.max(1, aspect) * 1.45;
  const x0 = Math.max(0, Math.floor(p.cx - reach));
  const x1 = Math.min(width - 1, Math.ceil(p.cx + reach));
  const y0 = Math.max(0, Math.floor(p.cy - reach));
  const y1 = Math.min(height - 1, Math.ceil(p.cy + reach));
  const cos = Math.cos(p.angle);
  const sin = Math.sin(p.angle);
  const inv = 1 / p.radius;
  const flip = p.mirror ? -1 : 1;
  let count = 0;
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - p.cy;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - p.cx;
      // Screen rotation by +angle maps object -> image; invert it here.
      const u = ((dx * cos - dy * sin) * inv * flip) / aspect;
      const v = (dx * sin + dy * cos) * inv;
      if (insideShape(p.shape, u, v)) {
        visit(y * width + x, u, v);
        count++;
      }
    }
  }
  return count;
}
