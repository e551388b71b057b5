/**
 * The shapes data takes between readers, transforms, loaders and models. Images are float32,
 * height x width x bands, row-major (HWC), band names in order; labels are uint8 class ids with the
 * dataset's ignore id (255 unless its manifest says otherwise).
 */
export interface ImageHWC {
  height: number;
  width: number;
  /** Band names in channel order, e.g. ['R', 'G', 'B', 'T']. */
  bands: string[];
  data: Float32Array;
}

export interface LabelMap {
  height: number;
  width: number;
  data: Uint8Array;
}

/** One segmentation sample: image and per-pixel class ids of the same height and width. */
export interface SegSample {
  id: string;
  image: ImageHWC;
  label: LabelMap;
}

/** One classification sample (pre-training). */
export interface ClsSample {
  id: string;
  image: ImageHWC;
  classId: number;
}

export const IGNORE_INDEX = 255;
