/**
 * The parameter store of one model: every weight is a tf.Variable with a stable hierarchical name
 * ('encoder.stages.0.blocks.1.dwconv.weight'). Trainable weights are trainable variables; batch-norm
 * running statistics are non-trainable variables. Initial values come from a seeded Rng, so the
 * same config and seed give bit-identical weights.
 *
 * tfjs keeps one global registry of variable names, so the tfjs-level name is made unique per model
 * (`m<id>/<name>`); the hierarchical name is the model's own key (namedWeights()).
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerCoreGradients } from '../backend/gradients';
import { Rng } from '../util/rng';

// tfjs-core alone has no gradient functions registered (the @tensorflow/tfjs bundle does this).
registerCoreGradients();

let storeCounter = 0;

export type Initializer =
  | { kind: 'zeros' }
  | { kind: 'ones' }
  | { kind: 'constant'; value: number }
  /** Normal(0, std) truncated at ±2 std (transformer style). */
  | { kind: 'truncNormal'; std: number }
  /** He (Kaiming) normal: std = sqrt(2 / fan). */
  | { kind: 'heNormal'; fan: number }
  /** Uniform(-bound, bound). */
  | { kind: 'uniform'; bound: number };

export const zeros: Initializer = { kind: 'zeros' };
export const ones: Initializer = { kind: 'ones' };

export class ParamStore {
  readonly id: number;
  private readonly rng: Rng;
  private readonly vars = new Map<string, { variable: tf.Variable; trainable: boolean }>();
  private readonly constants = new Map<string, tf.Tensor>();
  private disposed = false;

  constructor(seed: number) {
    storeCounter += 1;
    this.id = storeCounter;
    this.rng = new Rng(seed);
  }

  /** A view that prefixes names with `prefix.`. */
  scope(prefix: string): ParamScope {
    return new ParamScope(this, prefix);
  }

  create(name: string, shape: number[], init: Initializer, trainable: boolean): tf.Variable {
    if (this.disposed) throw new Error('ParamStore used after dispose()');
    if (this.vars.has(name)) throw new Error(`duplicate parameter name ${name}`);
    const values = initialValues(shape, init, this.rng);
    const variable = tf.tidy(() => tf.variable(tf.tensor(values, shape, 'float32'), trainable, `m${this.id}/${name}`));
    this.vars.set(name, { variable, trainable });
    return variable;
  }

  trainableVariables(): tf.Variable[] {
    return [...this.vars.values()].filter((v) => v.trainable).map((v) => v.variable);
  }

  namedWeights(): Map<string, tf.Variable> {
    return new Map([...this.vars].map(([name, v]) => [name, v.variable]));
  }

  isTrainable(name: string): boolean {
    return this.vars.get(name)?.trainable ?? false;
  }

  /**
   * A constant tensor (attention masks, pooling matrices) built once per key and kept until the model
   * is disposed, even when first requested inside a tf.tidy.
   */
  constant(key: string, make: () => tf.Tensor): tf.Tensor {
    let t = this.constants.get(key);
    if (!t) {
      t = tf.keep(tf.tidy(make));
      this.constants.set(key, t);
    }
    return t;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.vars.values()) v.variable.dispose();
    for (const t of this.constants.values()) t.dispose();
    this.vars.clear();
    this.constants.clear();
  }
}

export class ParamScope {
  constructor(
    readonly store: ParamStore,
    readonly prefix: string,
  ) {}

  /** The full name of a parameter of this scope. */
  name(local: string): string {
    return this.prefix === '' ? local : `${this.prefix}.${local}`;
  }

  child(local: string | number): ParamScope {
    return new ParamScope(this.store, this.name(String(local)));
  }

  param(local: string, shape: number[], init: Initializer): tf.Variable {
    return this.store.create(this.name(local), shape, init, true);
  }

  /** Non-trainable state (running statistics). */
  state(local: string, shape: number[], init: Initializer): tf.Variable {
    return this.store.create(this.name(local), shape, init, false);
  }
}

function initialValues(shape: number[], init: Initializer, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  switch (init.kind) {
    case 'zeros':
      break;
    case 'ones':
      out.fill(1);
      break;
    case 'constant':
      out.fill(init.value);
      break;
    case 'truncNormal':
      fillNormal(out, rng, init.std, 2);
      break;
    case 'heNormal':
      fillNormal(out, rng, Math.sqrt(2 / init.fan), Infinity);
      break;
    case 'uniform':
      for (let i = 0; i < size; i++) out[i] = (2 * rng.next() - 1) * init.bound;
      break;
  }
  return out;
}

/** Normal(0, std) values, redrawn outside ±limit·std; Box-Muller using both outputs of each pair. */
function fillNormal(out: Float32Array, rng: Rng, std: number, limit: number): void {
  let i = 0;
  while (i < out.length) {
    let u = rng.next();
    while (u === 0) u = rng.next();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * rng.next();
    const z1 = r * Math.cos(t);
    const z2 = r * Math.sin(t);
    if (Math.abs(z1) <= limit) out[i++] = z1 * std;
    if (i < out.length && Math.abs(z2) <= limit) out[i++] = z2 * std;
  }
}
