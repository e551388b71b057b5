import { writeSynthImageNet } from './write/imagenet';
import { writeSynthIsaid } from './write/isaid';
import { writeSynthMfnet } from './write/mfnet';
import { writeSynthPotsdam } from './write/potsdam';
import { writeSynthPst900 } from './write/pst900';
import type { SynthWriteOptions, SynthWriteResult } from './write/common';

export const SYNTH_DATASET_NAMES = ['imagenet', 'isaid', 'mfnet', 'pst900', 'potsdam'] as const;
export type SynthDatasetName = (typeof SYNTH_DATASET_NAMES)[number];

export interface SynthDatasetEntry {
  summary: string;
  defaults: Omit<SynthWriteOptions, 'seed'>;
  /** Smallest allowed image side. */
  minSize: number;
  write(dir: string, options: SynthWriteOptions): Promise<SynthWriteResult>;
}

/** Every SynthGeo set that can be written to disk, with its default sizes. */
export const SYNTH_DATASETS: Record<SynthDatasetName, SynthDatasetEntry> = {
  imagenet: {
    summary: 'classification stand-in for ImageNet (10 shape classes, planted hue/texture/background shortcut; val + shape-only diagnostic)',
    defaults: { train: 3000, test: 500, size: 32 },
    minSize: 8,
    write: writeSynthImageNet,
  },
  isaid: {
    summary: 'iSAID-like aerial RGB, 16 classes (10 present), colour-coded masks',
    defaults: { train: 300, test: 200, size: 48 },
    minSize: 16,
    write: writeSynthIsaid,
  },
  mfnet: {
    summary: 'MFNet-like street RGB-thermal (RGBA PNG), day/night, 9 classes',
    defaults: { train: 300, test: 200, size: 48 },
    minSize: 16,
    write: writeSynthMfnet,
  },
  pst900: {
    summary: 'PST900-like subterranean RGB + thermal with holes, 5 classes',
    defaults: { train: 300, test: 200, size: 48 },
    minSize: 16,
    write: writeSynthPst900,
  },
  potsdam: {
    summary: 'Potsdam-like GeoTIFF tiles (RGB, IRRG, RGBIR, DSM, labels), 6 classes; counts are tiles',
    defaults: { train: 4, test: 2, size: 256 },
    minSize: 32,
    write: writeSynthPotsdam,
  },
};
