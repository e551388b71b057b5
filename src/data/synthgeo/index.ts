/**
 * SynthGeo: the embedded synthetic benchmark. In memory: SynthImageNet (classification with a
 * planted shortcut, plus the shape-only diagnostic) and four segmentation targets (SynthIsaid,
 * SynthMfnet, SynthPst900, SynthPotsdam), every sample deterministic by (seed, split, index).
 * On disk: the same samples in each dataset's real file layout (registry.ts, write/).
 */
export { SynthImageNet, renderClassImage, CLASS_NAMES as SYNTH_CLASS_NAMES, type ClsRender, type CueFlags, type ClsVariant } from './imagenet';
export { SynthIsaid } from './isaid';
export { SynthMfnet } from './mfnet';
export { SynthPst900, type Pst900Sample } from './pst900';
export { SynthPotsdam, erodeBoundaries, POTSDAM_ID } from './potsdam';
export { generateSplit, type SegGenerator, type SegGeneratorOptions } from './seg-generator';
export type { Split } from './seed';
export * from './classes';
export { SHAPES, type ShapeName } from './shapes';
export { SYNTH_DATASETS, SYNTH_DATASET_NAMES, type SynthDatasetName } from './registry';
export type { SynthWriteOptions, SynthWriteResult } from './write/common';
