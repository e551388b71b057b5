/**
 * Registers tfjs-core's gradient functions (tfjs-core alone ships kernels' forward ops only; the
 * @tensorflow/tfjs bundle normally registers the gradients). Their module is ES-module syntax inside
 * a CommonJS package: tsx (CLI, tests) can require it, plain CommonJS (tslab notebooks compile src/ to
 * CommonJS) cannot, so that case loads it through tsx's scoped require. Idempotent.
 */
const CORE_GRADIENTS = '@tensorflow/tfjs-core/dist/register_all_gradients';

let loaded = false;

export function registerCoreGradients(): void {
  if (loaded) return;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(CORE_GRADIENTS);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsx = require('tsx/cjs/api') as { require: (id: string, fromFile: string) => unknown };
    tsx.require(CORE_GRADIENTS, __filename);
  }
  loaded = true;
}
