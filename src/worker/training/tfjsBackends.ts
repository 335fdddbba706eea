/**
 * Loads TensorFlow.js on demand, inside a worker, on the backend an engine asks for: its own chunks,
 * fetched the first time a tfjs engine runs, and the WebAssembly binaries served from this site, never a CDN.
 */
import wasmPlainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { EngineName } from '../../core/modelSpec.ts';
import type { TfjsModule } from '../../engine/tfjsModel.ts';

/** A tfjs backend this app uses. */
export type TfjsBackend = 'cpu' | 'wasm';

/** The backend behind each tfjs engine (the fast engine has none). */
export const engineBackends: Readonly<Record<EngineName, TfjsBackend | null>> = {
  fast: null,
  tfjs: 'cpu',
  tfjsWasm: 'wasm',
};

let loading: Promise<TfjsModule> | null = null;
let wasmRegistered: Promise<void> | null = null;

/** Registers the wasm backend, with the URLs of its binaries in this build (loaded once). */
function registerWasm(): Promise<void> {
  wasmRegistered ??= import('@tensorflow/tfjs-backend-wasm').then((wasm) => {
    // The page is not cross-origin isolated, so tfjs picks the SIMD binary; all three are mapped so that
    // none is ever looked for elsewhere.
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': wasmPlainUrl,
      'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
      'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimdUrl,
    });
  });
  return wasmRegistered;
}

/**
 * The tfjs module with `backend` active. The backend is set explicitly: left to itself, full tfjs picks
 * WebGL, which without a GPU is about ten times slower than the cpu backend for models this small.
 */
export async function loadTfjs(backend: TfjsBackend): Promise<TfjsModule> {
  loading ??= import('@tensorflow/tfjs');
  const tf = await loading;
  if (backend === 'wasm') await registerWasm();
  if (tf.getBackend() !== backend) {
    const ready = await tf.setBackend(backend);
    if (!ready) throw new Error(`TensorFlow.js could not start its ${backend} backend.`);
    await tf.ready();
  }
  return tf;
}
