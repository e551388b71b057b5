/**
 * The model API shared by pre-training (src/pretrain), training loops (src/train) and evaluation.
 * Models are built from tfjs-core ops and tf.Variables only (no tfjs-layers).
 *
 * Usage (see also test/models/):
 *
 *   await initBackend();
 *   const cls = buildClassifier({ encoder: 'cnn', size: 'nano', inChannels: 3, numClasses: 10, seed: 1 });
 *   const { value, grads } = tf.variableGrads(() => lossOf(cls.forward(x, true), y), cls.trainableVariables());
 *   optimizer.applyGradients(grads);                 // or optimizer.minimize(f, false, cls.trainableVariables())
 *   await saveCheckpoint(dir, cls, { step, rng: rng.getState() });   // src/models/checkpoint.ts
 *   const seg = buildSegmenter({ encoder: 'cnn', size: 'nano', decoder: 'fpn', inChannels: 4, numClasses: 5, seed: 2 });
 *   const report = transferEncoder(readCheckpoint(dir), seg, { stem: 'mean' });  // src/models/transfer.ts
 *
 * Rules the callers must know:
 * - Always pass `model.trainableVariables()` as the var list of tf.variableGrads / optimizer.minimize:
 *   without a list tfjs differentiates every trainable variable of every live model in the process.
 * - forward(x, true) (training mode) updates batch-norm running statistics in place (non-trainable
 *   variables, names ending '.running_mean' / '.running_var') — call it once per optimisation step
 *   per view. forward(x, false) uses the running statistics and changes nothing.
 * - forward() runs inside tf.tidy itself: only the returned tensor survives; the caller disposes it
 *   (or calls forward inside its own tidy / variableGrads).
 * - Input x: float32 NHWC [batch, height, width, inChannels]. Classifier: any size ≥ the encoder's
 *   minimum (global pooling). Segmenter: height and width divisible by `outputStride`
 *   (an Error naming the nearest padded size otherwise; use checkInputSize to ask first).
 * - Weight names are stable and hierarchical ('encoder.stem.conv.weight',
 *   'encoder.stages.0.blocks.1.dwconv.weight', 'decoder.fpn.0.conv.weight', 'head.weight'):
 *   the same encoder config gives the same 'encoder.*' names in a classifier and in a segmenter, which
 *   is what transfer relies on. Conv weights are [kh, kw, in, out] (tfjs layout), depthwise
 *   [kh, kw, channels, 1], linear weights [in, out].
 * - dispose() frees every variable of the model; the model must not be used afterwards.
 * - tfjs-level variable names are `m<id>/<hierarchical name>` (tfjs needs globally unique names):
 *   grads from tf.variableGrads are keyed by those; weightNameOf() (checkpoint.ts) strips the prefix.
 *   optimizer.getWeights() names use them too (Adam/SGD restore slots by position, not by name).
 * - Importing src/models registers tfjs-core's gradient functions (register_all_gradients), which
 *   plain '@tensorflow/tfjs-core' does not do; chained ops (x.abs()) are NOT registered: use tf.abs(x).
 * - GELU is the exact erf form. Bilinear resizing uses align_corners = true (the wasm/cpu gradient
 *   kernels ignore half-pixel centres). Matrix products use layers/matmul.ts (fast wasm gradient).
 * - measureStepTime() (step-time.ts) times a training step of any registered model.
 */
import type * as tf from '@tensorflow/tfjs-core';

/** Registered encoder families (src/models/encoders/registry.ts). */
export type EncoderName = 'cnn' | 'resnet' | 'convnext' | 'swin';

/**
 * Sizes: 'nano' (seconds per step or less on a 2-core CPU, all families), 'micro' (a few times nano),
 * 'tiny' = paper scale (ConvNeXt-T, Swin-T; for resnet 'tiny' = ResNet-18), 'small' for resnet =
 * ResNet-50. encoderSizes(name) in the registry lists what each family offers.
 */
export type ModelSize = 'nano' | 'micro' | 'small' | 'tiny';

/** Registered decoders for segmentation. */
export type DecoderName = 'fpn' | 'upernet';

/** One feature map the encoder returns: its channel count and stride relative to the input. */
export interface FeatureInfo {
  channels: number;
  stride: number;
}

/** The encoder part, shared by classifiers and segmenters. Weights live under 'encoder.'. */
export interface Encoder {
  readonly name: EncoderName;
  readonly size: ModelSize;
  readonly inChannels: number;
  /** C1..C4, increasing stride. */
  readonly features: readonly FeatureInfo[];
  /** Name of the first convolution's weight [kh, kw, inChannels, out] (target of stem adaptation). */
  readonly stemWeightName: string;
  /** Whether the classification head puts a LayerNorm before the linear layer (convnext, swin). */
  readonly headNorm: boolean;
  /** Smallest input side the encoder accepts, and the multiple every side must be (swin: windows). */
  readonly minInputSize: number;
  readonly sizeMultiple: number;
  /** Multi-scale features [C1..C4], NHWC. Does not tidy itself (the model's forward does). */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D[];
}

export interface ClassifierConfig {
  kind: 'classifier';
  encoder: EncoderName;
  size: ModelSize;
  inChannels: number;
  numClasses: number;
  seed: number;
}

export interface SegmenterConfig {
  kind: 'segmenter';
  encoder: EncoderName;
  size: ModelSize;
  decoder: DecoderName;
  inChannels: number;
  numClasses: number;
  seed: number;
}

export type ModelConfig = ClassifierConfig | SegmenterConfig;

/** What every model offers. */
export interface Model {
  readonly config: ModelConfig;
  readonly encoder: Encoder;
  /** Trainable variables in a stable order (creation order). */
  trainableVariables(): tf.Variable[];
  /** All variables (trainable and not) by hierarchical name, in creation order. */
  namedWeights(): Map<string, tf.Variable>;
  dispose(): void;
}

export interface ClassifierModel extends Model {
  readonly config: ClassifierConfig;
  /** Logits [batch, numClasses]. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
}

export interface SegmentationModel extends Model {
  readonly config: SegmenterConfig;
  /** Input sides must be multiples of this (32 for the paper-scale encoders). */
  readonly outputStride: number;
  /** Throws an Error naming the nearest padded size when height or width is not acceptable. */
  checkInputSize(height: number, width: number): void;
  /** Logits [batch, height, width, numClasses] at the input resolution (bilinear upsampling). */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
}

/** Options common to both builders. */
export interface BuildOptions {
  encoder: EncoderName;
  size: ModelSize;
  inChannels: number;
  numClasses: number;
  seed: number;
}

// ---- Checkpoints (src/models/checkpoint.ts) -------------------------------------------------------
//
// A checkpoint is a folder:  weights.bin  (all tensors, little-endian, concatenated, float32 or int32)
//                            weights.json (CheckpointIndex: name, group, shape, dtype, offset per tensor)
//                            state.json   (the caller's JSON state: step, RNG state, config, …)
// written atomically (temp folder, then rename).
//
//   await saveCheckpoint(dir, model, { state: { step, rng }, extraTensors: optimizer.getWeights() });
//   const ck = readCheckpoint(dir);             // plain data, no tf tensors
//   loadWeights(model, ck);                     // exact match or UserError listing the differences;
//                                               // on error the model is unchanged
//   const opt = checkpointTensors(ck, 'extra'); // tf.NamedTensor[] for optimizer.setWeights (caller disposes)

/** Model weights or caller-supplied extra tensors (e.g. optimiser slots). */
export type TensorGroup = 'model' | 'extra';

export interface CheckpointEntry {
  name: string;
  group: TensorGroup;
  shape: number[];
  dtype: 'float32' | 'int32';
  /** Byte offset into weights.bin. */
  offset: number;
}

export interface CheckpointIndex {
  format: 'geopretrain-weights';
  version: 1;
  /** The config of the model that was saved (builders can rebuild it from this). */
  config: ModelConfig;
  tensors: CheckpointEntry[];
}

/** One tensor read back from disk. */
export interface StoredTensor {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

/** A checkpoint read into memory (no tf tensors: safe to hold and to drop). */
export interface CheckpointData {
  dir: string;
  config: ModelConfig;
  model: Map<string, StoredTensor>;
  extra: Map<string, StoredTensor>;
  state: unknown;
}

// ---- Transfer (src/models/transfer.ts) ------------------------------------------------------------

/**
 * How to adapt the stem when the checkpoint's stem has a different input-channel count:
 * 'none' (refuse), 'mean' (IM-RGB baseline: keep the source filters, each extra filter = mean of the
 * source filters, then all scaled by source/target channels), 'repeat' (timm style: cycle the source
 * filters over the target channels, scaled by source/target).
 */
export type StemAdaptation = 'none' | 'mean' | 'repeat';

export interface TransferReport {
  /** Encoder tensors copied unchanged. */
  copied: string[];
  /** Target encoder tensors the checkpoint lacks (always empty on success: transfer fails instead). */
  missing: string[];
  /** Checkpoint tensors not used (classifier head, …). */
  unexpected: string[];
  /** Tensors copied after adaptation, with what was done. */
  adapted: { name: string; method: StemAdaptation; fromShape: number[]; toShape: number[]; scale: number }[];
}
