/** The race worker's entry: it wires messages and slices to the race runner (runner.ts). */
import type { FromRace, ToRace } from './protocol.ts';
import { RaceRunner } from './runner.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel yields to the event loop without setTimeout's 4 ms clamp.
const sliceChannel = new MessageChannel();

const runner = new RaceRunner({
  post: (message: FromRace) => self.postMessage(message),
  requestSlice: () => sliceChannel.port2.postMessage(null),
  clock: () => performance.now(),
});

sliceChannel.port1.onmessage = () => runner.runSlice();

self.onmessage = (event: MessageEvent<ToRace>) => runner.handle(event.data);
