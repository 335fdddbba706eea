/**
 * What the page needs of a worker that speaks `To` and answers `From`: a real `Worker` fits, and tests pass
 * plain objects. Every worker of the app (training, sweep, race, bench, the boundary view's) is one.
 */
export interface WorkerPort<To, From> {
  postMessage(message: To, transfer?: Transferable[]): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<From>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}
