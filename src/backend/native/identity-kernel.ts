import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Identity for 'wasm' without a copy: the output shares the input's data (reference counted), as the
 * cpu backend and the wasm Reshape kernel already do. The stock wasm Identity copies, and the engine
 * clones every tensor it saves for the gradient tape through it (about a hundred full-size copies per
 * training step of the CNN). Strings keep the previous kernel.
 */
export function zeroCopyIdentityKernel(previous: tf.KernelFunc | undefined): tf.KernelConfig {
  return {
    kernelName: tf.Identity,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      if (x.dtype === 'string') {
        if (!previous) throw new Error('Identity: no kernel for string tensors');
        return previous(args);
      }
      (args.backend as BackendWasm).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
