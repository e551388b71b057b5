/**
 * The shape of a dataset manifest (data-manifests/<name>.json): everything the project knows about a
 * dataset as data — provenance, where its files go, its classes, bands, splits and evaluation
 * protocols. Validated on load by ./validate.ts; the JSON files are the single source of these facts.
 */
export type Rgb = [number, number, number];
export type BandDtype = 'uint8' | 'uint16' | 'float32';

export interface DownloadEntry {
  /** File or archive name as distributed, e.g. ILSVRC2012_img_val.tar. */
  name: string;
  url: string;
  md5?: string;
  size?: string;
  note?: string;
}

/** How label files of a layout encode classes. */
export interface LabelEncoding {
  /** 'colour': RGB colour codes matched exactly against the class colours; 'id': class ids (grayscale or palette indices). */
  kind: 'colour' | 'id';
  /** id encoding: file value -> class id (e.g. mmseg Potsdam 0 boundary -> 255, 1 -> 0 ...); identity when absent. */
  valueMap?: Record<string, number>;
  /** colour encoding: extra colours that decode to the ignore id (e.g. the eroded-boundary black of Potsdam noBoundary labels). */
  ignoreColours?: Rgb[];
}

/** One on-disk arrangement of the dataset (official release or a converted one). */
export interface LayoutSpec {
  id: string;
  description: string;
  /** Paths relative to the root whose presence identifies this layout (any one suffices). */
  detect: string[];
  /** Human-readable file patterns, e.g. "{split}/images/P0000.png". */
  files: string[];
  /** Where the converted layout comes from (tool and script). */
  source?: string;
  labels?: LabelEncoding;
  /** Band names this layout can supply (a converted layout may carry fewer bands than the release). */
  bands?: string[];
}

export interface BandSpec {
  name: string;
  dtype: BandDtype;
  bitDepth: number;
  /** Which file/channel holds it in the official layout, e.g. "images/*.png channel 4 (alpha)". */
  source: string;
  unit?: string;
}

export interface ModalitySpec {
  name: string;
  bands: string[];
  description?: string;
}

export interface ClassSpec {
  id: number;
  name: string;
  colour: Rgb;
}

export interface SplitSpec {
  name: string;
  /** Expected number of samples (images or tiles) when known. */
  count?: number;
  /** Explicit members (e.g. Potsdam tile ids "2_10"). */
  members?: string[];
  note?: string;
}

export interface ProtocolSpec {
  name: string;
  description: string;
  metric: 'mIoU' | 'mF1' | 'top1';
  /** Class names averaged in the reported mean. */
  meanOver: string[];
  /** Class names mapped to the ignore id in loss and metrics. */
  ignoredClasses: string[];
  /** Label variant (Potsdam: 'eroded' = noBoundary labels, 'full' = all labels). */
  labels?: string;
  splits: { train: string; test: string; val?: string };
  bands?: string[];
  crop?: { size: number; step: number };
  source: string;
}

export interface NormalisationSpec {
  name: string;
  /** Per band name, in the units the reader returns (0-255 for uint8 bands). */
  mean: Record<string, number>;
  std: Record<string, number>;
  source: string;
}

export interface DatasetManifest {
  name: string;
  title: string;
  task: 'segmentation' | 'classification';
  /** Dataset module that reads it (src/data/datasets/<reader>.ts via the registry). */
  reader: string;
  synthetic: boolean;
  citation: string;
  licence: string;
  homepage: string;
  downloads: DownloadEntry[];
  /** Environment variable holding the data root (GEOPRETRAIN_DATA_<NAME>). */
  envVar: string;
  layouts: LayoutSpec[];
  splits: SplitSpec[];
  bands: BandSpec[];
  modalities: ModalitySpec[];
  defaultModality: string;
  /** Segmentation classes; classification manifests may give classCount and take names from the data. */
  classes: ClassSpec[];
  classCount: number;
  ignoreIndex: number;
  protocols: ProtocolSpec[];
  defaultProtocol: string;
  normalisation: NormalisationSpec[];
  notes: string[];
}
