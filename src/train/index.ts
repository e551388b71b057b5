/** Training engine: optimisers, schedules, losses, the loop, checkpoints, and the fine-tuning run. */
export * from './optim/index';
export { warmupCosine, poly, type LrSchedule } from './schedule';
export { labelSmoothingCrossEntropy, segmentationCrossEntropy, type SegLossOptions } from './losses';
export { trainStep, NonFiniteLossError, type StepResult } from './step';
export { runTrainingLoop, TrainingDivergedError, type TrainingTask, type LoopOptions, type LoopResult } from './loop';
export { MetricsLog, type MetricsRecord } from './metrics-log';
export { saveTrainingCheckpoint, restoreTrainingCheckpoint, readTrainingState, type TrainingState } from './checkpoint';
export { runPaths, resolveCheckpoint, type RunPaths } from './run-folder';
export { TrainStream } from './stream';
export { runFinetune, type FinetuneRecord, type FinetuneResult } from './finetune/run';
export { defaultFinetuneOptions, type FinetuneOptions, type FinetuneData } from './finetune/config';
export { FINETUNE_DATASETS, PAPER_MODALITY, type FinetuneDataset } from './finetune/data';
export { initialiseSegmenter, describePretrainCheckpoint, type InitRecord } from './finetune/init';
