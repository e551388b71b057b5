/**
 * The common face of every dataset module. A dataset = its manifest (data), the layout found under
 * its root, and functions to list samples per split and read them as named float32 bands plus uint8
 * class ids. Readers never download: they check what the user put there and say what is missing.
 */
import type { ClassSpec, DatasetManifest, LayoutSpec } from '../manifest/types';
import type { UnknownValue } from '../labels/codec';
import type { Window } from '../readers/raster';
import type { ClsSample, ImageHWC, LabelMap, SegSample } from '../types';

/** One sample on disk: its id, split, and the files it is made of by role (image, label, rgb, thermal, ...). */
export interface SampleRef {
  id: string;
  split: string;
  files: Record<string, string>;
  /** Roles whose file may legitimately be absent (e.g. labels of a withheld test split). */
  optional?: string[];
}

/** Options fixed when a dataset is opened (each module uses the ones that concern it). */
export interface DatasetOptions {
  /** Potsdam: 'eroded' (noBoundary labels, boundary -> ignore) or 'full'; default from the manifest's default protocol. */
  labels?: 'eroded' | 'full';
  /** MFNet RTFNet release: keep the `_flip` training copies listed in train.txt (default false). */
  keepFlipped?: boolean;
  /** PST900: thermal zero holes kept as they are, inpainted from neighbours, or masked to ignore in the label. */
  thermalHoles?: 'keep' | 'inpaint' | 'mask';
}

export interface SegReadOptions {
  /** A modality name from the manifest (e.g. 'RGB-T', 'IRRG+DSM'); the manifest's default when absent. */
  modality?: string;
  /** Read only this pixel window (large rasters). */
  window?: Window;
  /** False to skip decoding the label (the sample's label is then all ignore): inference windows. */
  withLabel?: boolean;
}

export interface DatasetSample extends SegSample {
  split: string;
  modality: string;
  /** False when the split has no labels (the label is then all ignore). */
  hasLabel: boolean;
  /** Facts worth reporting, e.g. "thermal holes: 312 px (2.4 %)". */
  notes: string[];
  /** PST900: zero-valued thermal pixels found in this sample. */
  thermalHolePixels?: number;
}

export interface LabelRead {
  label: LabelMap;
  hasLabel: boolean;
  /** Colours/values not in the class table (pixels set to ignore); only filled in lenient reads. */
  unknown: UnknownValue[];
}

export interface DatasetBase {
  readonly name: string;
  readonly manifest: DatasetManifest;
  readonly root: string;
  readonly layout: LayoutSpec;
  /** Splits that have data on disk. */
  readonly splits: string[];
  /** Facts about the layout found (e.g. "RTFNet release: 40 _flip copies skipped"). */
  readonly notes: string[];
}

export interface SegmentationDataset extends DatasetBase {
  readonly kind: 'segmentation';
  readonly classes: ClassSpec[];
  readonly ignoreIndex: number;
  /** Modalities this layout can supply. */
  readonly modalities: string[];
  list(split: string): SampleRef[];
  /** Pixel size of a sample, from headers only. */
  size(ref: SampleRef): Promise<{ width: number; height: number }>;
  read(ref: SampleRef, options?: SegReadOptions): Promise<DatasetSample>;
  /** The label alone; lenient reads report unknown colours instead of throwing. */
  readLabel(ref: SampleRef, options?: { window?: Window; lenient?: boolean }): Promise<LabelRead>;
}

export interface ClassificationRef extends SampleRef {
  classId: number;
}

export interface ClassificationDataset extends DatasetBase {
  readonly kind: 'classification';
  /** Class names in id order (ImageNet: sorted wnids). */
  readonly classNames: string[];
  list(split: string): ClassificationRef[];
  read(ref: ClassificationRef): Promise<ClsSample>;
}

export type Dataset = SegmentationDataset | ClassificationDataset;

/** Opens a dataset of one reader kind under a root with a manifest. */
export type DatasetOpener = (manifest: DatasetManifest, root: string, options: DatasetOptions) => Promise<Dataset>;

export type { ImageHWC, LabelMap };
