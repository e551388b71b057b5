/**
 * Boundary F1 (BF score) per class within a pixel tolerance, pooled over a dataset.
 *
 * Definitions (explicit, since toolkits differ):
 *  - The boundary of class c in a label map = pixels of class c with at least one 4-neighbour inside
 *    the image that is not class c. The image border is not a boundary. In the truth, ignore pixels
 *    count as "not c" (so eroded Potsdam labels put truth boundaries at the edge of the eroded band;
 *    use a tolerance at least the erosion radius, or full labels).
 *  - A predicted boundary pixel is matched when a truth boundary pixel of the same class lies within
 *    Euclidean distance `tolerancePx`; a truth boundary pixel is matched likewise by the prediction.
 *  - Counts are summed over all images: precision = matched predicted / predicted boundary pixels,
 *    recall = matched truth / truth boundary pixels, BF = 2PR / (P + R).
 *  - Absent classes follow the confusion-matrix rule: no boundary pixels in truth or prediction ->
 *    NaN, left out of the mean; boundary only in the prediction -> BF = 0; only in the truth -> 0.
 * mBF = mean over the protocol's mean classes, ignoring NaN.
 */
import { nanMean } from './metrics';

export interface BoundaryClassScore {
  id: number;
  bf: number;
  precision: number;
  recall: number;
  predictedBoundaryPixels: number;
  truthBoundaryPixels: number;
}

export interface BoundaryScores {
  tolerancePx: number;
  mBF: number;
  perClass: BoundaryClassScore[];
}

export class BoundaryF1 {
  readonly numClasses: number;
  readonly tolerancePx: number;
  private readonly predCount: Float64Array;
  private readonly predMatched: Float64Array;
  private readonly truthCount: Float64Array;
  private readonly truthMatched: Float64Array;

  constructor(numClasses: number, tolerancePx = 3) {
    if (!(tolerancePx >= 0) || !Number.isInteger(tolerancePx)) throw new RangeError(`tolerancePx must be a non-negative integer, got ${tolerancePx}`);
    this.numClasses = numClasses;
    this.tolerancePx = tolerancePx;
    this.predCount = new Float64Array(numClasses);
    this.predMatched = new Float64Array(numClasses);
    this.truthCount = new Float64Array(numClasses);
    this.truthMatched = new Float64Array(numClasses);
  }

  /** Adds one image (row-major label maps of height x width). */
  update(truth: Uint8Array, prediction: Uint8Array, height: number, width: number): this {
    const n = height * width;
    if (truth.length !== n || prediction.length !== n) throw new RangeError(`BoundaryF1.update: expected ${n} pixels, got truth ${truth.length}, prediction ${prediction.length}`);
    const K = this.numClasses;
    const presentTruth = new Uint8Array(256);
    const presentPred = new Uint8Array(256);
    for (let i = 0; i < n; i++) {
      presentTruth[truth[i]] = 1;
      presentPred[prediction[i]] = 1;
    }
    const truthB = new Uint8Array(n);
    const predB = new Uint8Array(n);
    const rowD2 = new Int32Array(n);
    for (let c = 0; c < K; c++) {
      if (!presentTruth[c] && !presentPred[c]) continue;
      const nt = boundaryMap(truth, height, width, c, truthB);
      const np = boundaryMap(prediction, height, width, c, predB);
      this.truthCount[c] += nt;
      this.predCount[c] += np;
      if (nt > 0 && np > 0) {
        rowDistanceSquared(truthB, height, width, this.tolerancePx, rowD2);
        this.predMatched[c] += countMatched(predB, rowD2, height, width, this.tolerancePx);
        rowDistanceSquared(predB, height, width, this.tolerancePx, rowD2);
        this.truthMatched[c] += countMatched(truthB, rowD2, height, width, this.tolerancePx);
      }
    }
    return this;
  }

  /** Scores per class and mBF over `meanClasses` (all classes when omitted). */
  result(meanClasses?: readonly number[]): BoundaryScores {
    const perClass: BoundaryClassScore[] = [];
    for (let c = 0; c < this.numClasses; c++) {
      const np = this.predCount[c];
      const nt = this.truthCount[c];
      const precision = np > 0 ? this.predMatched[c] / np : NaN;
      const recall = nt > 0 ? this.truthMatched[c] / nt : NaN;
      let bf: number;
      if (np === 0 && nt === 0) bf = NaN;
      else if (np === 0 || nt === 0) bf = 0;
      else bf = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
      perClass.push({ id: c, bf, precision, recall, predictedBoundaryPixels: np, truthBoundaryPixels: nt });
    }
    const counted = meanClasses ?? perClass.map((c) => c.id);
    return { tolerancePx: this.tolerancePx, mBF: nanMean(counted.map((c) => perClass[c].bf)), perClass };
  }
}

/** Writes the boundary mask of class c into `out` (0/1); returns the number of boundary pixels. */
export function boundaryMap(labels: Uint8Array, height: number, width: number, c: number, out: Uint8Array): number {
  let count = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      let b = 0;
      if (labels[i] === c) {
        if (
          (x > 0 && labels[i - 1] !== c) ||
          (x < width - 1 && labels[i + 1] !== c) ||
          (y > 0 && labels[i - width] !== c) ||
          (y < height - 1 && labels[i + width] !== c)
        ) {
          b = 1;
          count++;
        }
      }
      out[i] = b;
    }
  }
  return count;
}

/**
 * Per pixel, the squared horizontal distance to the nearest marked pixel in the same row, or a value
 * above tol^2 when none is within tol. Two sweeps per row.
 */
function rowDistanceSquared(mask: Uint8Array, height: number, width: number, tol: number, out: Int32Array): void {
  const far = tol + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let d = far;
    for (let x = 0; x < width; x++) {
      d = mask[row + x] ? 0 : Math.min(d + 1, far);
      out[row + x] = d;
    }
    d = far;
    for (let x = width - 1; x >= 0; x--) {
      d = mask[row + x] ? 0 : Math.min(d + 1, far);
      const v = Math.min(d, out[row + x]);
      out[row + x] = v * v;
    }
  }
}

/** Counts marked pixels of `mask` that have a target pixel within Euclidean distance tol (rowD2 from the target). */
function countMatched(mask: Uint8Array, rowD2: Int32Array, height: number, width: number, tol: number): number {
  const tol2 = tol * tol;
  let matched = 0;
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - tol);
    const y1 = Math.min(height - 1, y + tol);
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let yy = y0; yy <= y1; yy++) {
        const dy = yy - y;
        if (dy * dy + rowD2[yy * width + x] <= tol2) {
          matched++;
          break;
        }
      }
    }
  }
  return matched;
}
