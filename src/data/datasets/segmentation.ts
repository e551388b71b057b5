/**
 * The shared body of the file-based segmentation datasets: a module says where each band and the
 * label of a sample live; this turns that into list/size/read/readLabel with size checks, windowed
 * reads and clear errors. Modules stay small: layout detection, listing, band table, quirks.
 */
import { UserError } from '../../util/errors';
import type { ClassSpec, DatasetManifest, LayoutSpec } from '../manifest/types';
import { readRasterInfo, type Window } from '../readers/index';
import { assembleImage, ignoreLabel, modalityBands, readFiles, readLabelFile, requireSameSize } from './common';
import type { DatasetSample, LabelRead, SampleRef, SegReadOptions, SegmentationDataset } from './types';

export interface SegDatasetSpec {
  manifest: DatasetManifest;
  root: string;
  layout: LayoutSpec;
  /** Samples per split present on disk. */
  samples: Map<string, SampleRef[]>;
  /** Modalities this layout supplies. */
  modalities: string[];
  notes: string[];
  /** File and channel (0-based) holding a band of a sample. */
  band(ref: SampleRef, band: string): { file: string; channel: number; grayFallback?: boolean };
  /** The label file of a sample, or undefined when the split has none. */
  labelFile(ref: SampleRef): string | undefined;
  /** Colour labels: whether the layout's ignore colours apply (Potsdam eroded labels). */
  useIgnoreColours?: boolean;
  /** Last touch on a read sample (PST900 thermal holes). */
  finish?(sample: DatasetSample): void;
}

class FileSegmentationDataset implements SegmentationDataset {
  readonly kind = 'segmentation' as const;
  readonly name: string;
  readonly classes: ClassSpec[];
  readonly ignoreIndex: number;
  readonly splits: string[];
  constructor(private readonly spec: SegDatasetSpec) {
    this.name = spec.manifest.name;
    this.classes = spec.manifest.classes;
    this.ignoreIndex = spec.manifest.ignoreIndex;
    this.splits = [...spec.samples.keys()];
  }
  get manifest(): DatasetManifest {
    return this.spec.manifest;
  }
  get root(): string {
    return this.spec.root;
  }
  get layout(): LayoutSpec {
    return this.spec.layout;
  }
  get modalities(): string[] {
    return this.spec.modalities;
  }
  get notes(): string[] {
    return this.spec.notes;
  }

  list(split: string): SampleRef[] {
    const refs = this.spec.samples.get(split);
    if (!refs) throw new UserError(`${this.name}: no split '${split}' under ${this.root} (present: ${this.splits.join(', ') || 'none'})`);
    return refs;
  }

  async size(ref: SampleRef): Promise<{ width: number; height: number }> {
    const first = this.spec.band(ref, modalityBands(this.manifest, this.manifest.defaultModality, this.modalities)[0]!);
    const info = await readRasterInfo(first.file);
    return { width: info.width, height: info.height };
  }

  async read(ref: SampleRef, options: SegReadOptions = {}): Promise<DatasetSample> {
    const modality = options.modality ?? this.manifest.defaultModality;
    const bands = modalityBands(this.manifest, modality, this.modalities);
    const places = bands.map((b) => ({ name: b, ...this.spec.band(ref, b) }));
    await this.checkSizes([...places.map((p) => p.file), ...[this.spec.labelFile(ref)].filter((f): f is string => f !== undefined)]);
    const rasters = await readFiles(places.map((p) => p.file), options.window);
    const image = assembleImage(places.map((p) => ({ name: p.name, file: p.file, channel: p.channel, grayFallback: p.grayFallback, raster: rasters.get(p.file)! })));
    const { label, hasLabel } = options.withLabel === false
      ? { label: ignoreLabel(image.width, image.height, this.ignoreIndex), hasLabel: false }
      : await this.readLabel(ref, { window: options.window, imageSize: image, imageFile: places[0]!.file });
    const sample: DatasetSample = { id: ref.id, split: ref.split, modality, image, label, hasLabel, notes: [] };
    this.spec.finish?.(sample);
    return sample;
  }

  /** Header-only check that every file of a sample has the same pixel size (before any window is read). */
  private async checkSizes(files: string[]): Promise<void> {
    const unique = [...new Set(files)];
    const first = await readRasterInfo(unique[0]!);
    for (const file of unique.slice(1)) {
      const info = await readRasterInfo(file);
      if (info.width !== first.width || info.height !== first.height) {
        throw new UserError(`size mismatch: ${info.width}x${info.height} here but ${first.width}x${first.height} in ${first.file}`, file);
      }
    }
  }

  async readLabel(ref: SampleRef, options: { window?: Window; lenient?: boolean; imageSize?: { width: number; height: number }; imageFile?: string } = {}): Promise<LabelRead> {
    const file = this.spec.labelFile(ref);
    if (file === undefined) {
      const size = options.window ?? options.imageSize ?? (await this.size(ref));
      return { label: ignoreLabel(size.width, size.height, this.ignoreIndex), hasLabel: false, unknown: [] };
    }
    const read = await readLabelFile(file, this.manifest, this.layout, { window: options.window, lenient: options.lenient, useIgnoreColours: this.spec.useIgnoreColours });
    if (options.imageSize && options.imageFile) requireSameSize(options.imageSize, options.imageFile, read.label, file);
    return read;
  }
}

export function makeSegmentationDataset(spec: SegDatasetSpec): SegmentationDataset {
  return new FileSegmentationDataset(spec);
}

/** Modalities of the manifest whose bands are all among `bands` (what a layout can supply). */
export function modalitiesFromBands(manifest: DatasetManifest, bands: string[]): string[] {
  return manifest.modalities.filter((m) => m.bands.every((b) => bands.includes(b))).map((m) => m.name);
}
