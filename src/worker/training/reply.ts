import type { FromTraining } from './protocol.ts';

/** A message for the page and the buffers to transfer with it. */
export interface Reply {
  readonly message: FromTraining;
  readonly transfer: Transferable[];
}
