/**
 * The pre-training input pipeline, from a batch of RGB images (8-bit units, 0..255) to the model input:
 *
 *   normalise (per source channel, or shared)  →  X3, X4 (on RGB, when named)
 *   →  strategy (IM-RGB: unchanged; CSP: duplicate to N channels + per-sample permutation)
 *   →  X1, X2 (on the N channels, when named)
 *
 * Extensions apply on top of the generalised strategy only. All randomness comes from the one Rng
 * passed to makeView, in a fixed order, so a view is reproducible from that Rng's state.
 */
import { UserError } from '../util/errors';
import type { Rng } from '../util/rng';
import { extensionsOf, runLabel, type Extension, type ExtensionId } from './extensions/registry';
import { buildStrategy, cloneBatch, normaliseInPlace, type ChannelStats, type ImageBatch, type InputStrategy, type NormalisationMode, type StrategyName } from './strategies/index';

/** What is recorded with a checkpoint about its input (and needed again at fine-tuning). */
export interface PretrainInputRecord {
  strategy: StrategyName;
  /** 'IM-RGB', 'CSP', 'CSP+X1+X3'. */
  label: string;
  channels: number;
  extensions: ExtensionId[];
  normalisation: NormalisationMode;
  /** Statistics of the RGB source channels used by the normalisation. */
  stats: ChannelStats;
  /** 'dataset' statistics, or 'per-image' when X2 normalises every image itself. */
  inputNormalisation: 'dataset' | 'per-image';
  /** The choices CSP makes (documented with every run). */
  cspChoices?: { duplicates: string; permutation: string };
}

export class PretrainInput {
  readonly strategy: InputStrategy;
  readonly extensions: Extension[];
  readonly record: PretrainInputRecord;

  constructor(strategy: string, channels: number, extensionIds: readonly ExtensionId[], stats: ChannelStats, normalisation: NormalisationMode = 'source') {
    this.strategy = buildStrategy(strategy, channels);
    if (this.strategy.name !== 'generalised' && extensionIds.length > 0) {
      throw new UserError(`extensions (${extensionIds.join(',')}) apply on top of the generalised strategy only, not ${this.strategy.name}`);
    }
    this.extensions = extensionsOf(extensionIds);
    for (const e of this.extensions) if (!e.stages.includes('pretrain')) throw new UserError(`extension ${e.id} (${e.name}) does not act at pre-training`);
    const perImage = this.extensions.some((e) => e.perImageNormalisation);
    this.record = {
      strategy: this.strategy.name,
      label: runLabel(this.strategy.label, extensionIds),
      channels: this.strategy.outChannels,
      extensions: [...extensionIds],
      normalisation,
      stats,
      inputNormalisation: perImage ? 'per-image' : 'dataset',
      cspChoices:
        this.strategy.name === 'generalised'
          ? { duplicates: 'every source channel once, the N-3 extra drawn uniformly with replacement (N<3: N distinct)', permutation: 'per sample' }
          : undefined,
    };
  }

  /** The number of views per batch: 2 with X5 (consistency), else 1. */
  get views(): number {
    return this.consistencyWeight > 0 ? 2 : 1;
  }

  get consistencyWeight(): number {
    return this.extensions.reduce((w, e) => w + (e.consistencyWeight ?? 0), 0);
  }

  /** Normalises a raw RGB batch (a copy; the input is unchanged). */
  normalise(raw: ImageBatch): ImageBatch {
    if (raw.channels !== this.record.stats.mean.length) throw new Error(`pre-training batches must have ${this.record.stats.mean.length} channels, got ${raw.channels}`);
    return normaliseInPlace(cloneBatch(raw), this.record.stats, this.record.normalisation);
  }

  /** One randomised view of a normalised RGB batch. */
  view(normalised: ImageBatch, rng: Rng): ImageBatch {
    let b = normalised;
    for (const e of this.extensions) if (e.beforeStrategy) b = e.beforeStrategy(b, rng);
    b = this.strategy.apply(b, rng);
    for (const e of this.extensions) if (e.afterStrategy) b = e.afterStrategy(b, rng);
    return b;
  }
}
