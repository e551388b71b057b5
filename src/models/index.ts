/** The models package: builders, registry, parameter counts, checkpoints and transfer. */
export * from './types';
export { buildClassifier } from './classifier';
export { buildSegmenter } from './segmenter';
export { countParams } from './count';
export { ENCODERS, encoderNames, encoderSizes } from './encoders/registry';
export { DECODERS, decoderNames } from './decoders/registry';
export { gelu } from './layers/activation';
export { saveCheckpoint, readCheckpoint, loadWeights, loadCheckpoint, checkpointTensors, snapshotWeights, diffWeights, weightNameOf } from './checkpoint';
export type { NamedTensor, SaveOptions, WeightDiff } from './checkpoint';
export { transferEncoder } from './transfer';
export type { TransferOptions } from './transfer';
export { adaptStemWeight } from './stem-adapt';
export { measureStepTime } from './step-time';
export type { StepTimeOptions, StepTimeResult } from './step-time';
