import { describe, expect, it } from 'vitest';
import { createRaceWorker, type RaceWorkerPort } from './client.ts';
import type { FromRace, ToRace } from './protocol.ts';

describe('race worker transport', () => {
  it('sends typed messages, passes replies to subscribers and terminates', () => {
    const sent: ToRace[] = [];
    let terminated = false;
    const port: RaceWorkerPort = {
      onmessage: null,
      onerror: null,
      postMessage: (message) => sent.push(message),
      terminate: () => {
        terminated = true;
      },
    };
    const transport = createRaceWorker(() => port);
    const received: FromRace[] = [];
    const unsubscribe = transport.subscribe((message) => received.push(message));
    transport.send({ type: 'stopRace', raceId: 4 });
    expect(sent).toEqual([{ type: 'stopRace', raceId: 4 }]);
    const progress: FromRace = { type: 'raceProgress', raceId: 4, lanes: [], finished: true };
    port.onmessage?.(new MessageEvent('message', { data: progress }));
    expect(received).toEqual([progress]);
    unsubscribe();
    transport.terminate();
    expect(terminated).toBe(true);
  });
});
