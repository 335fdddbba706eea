import { describe, expect, it } from 'vitest';
import { defaultConfig, type AppConfig } from './config.ts';
import { CONFIGURE_MESSAGE, readConfigureMessage } from './embedMessage.ts';

const current: AppConfig = {
  ...defaultConfig,
  hyperparameters: { ...defaultConfig.hyperparameters, batchSize: 7, learningRate: 0.2 },
};

describe('readConfigureMessage', () => {
  it('applies a link, keeping what it leaves out', () => {
    expect(readConfigureMessage({ type: CONFIGURE_MESSAGE, link: '?lr=0.5' }, current)).toEqual({
      config: { ...current, hyperparameters: { ...current.hyperparameters, learningRate: 0.5 } },
      notices: [],
    });
  });

  it('ignores every other message', () => {
    for (const data of [
      null,
      undefined,
      '<img src=x onerror=alert(1)>',
      42,
      ['sgd-lab:configure', '?lr=1'],
      { type: 'sgd-lab:other', link: '?lr=1' },
      { type: CONFIGURE_MESSAGE, link: 42 },
      { type: CONFIGURE_MESSAGE },
      JSON.parse('{"__proto__": {"type": "sgd-lab:configure", "link": "?lr=1"}}') as unknown,
    ])
      expect(readConfigureMessage(data, current)).toBeNull();
  });

  it('names what a hostile link gets wrong and applies nothing else', () => {
    expect(
      readConfigureMessage(
        { type: CONFIGURE_MESSAGE, link: '?lr=%3Cscript%3E&onload=alert(1)&text=%E0#lesson=1&keep=' },
        current,
      ),
    ).toEqual({
      config: current,
      notices: [
        'Ignored "lr=<script>": not a number between 0.0001 and 10',
        'Ignored unknown parameter "onload"',
        'Ignored "text": broken percent-encoding or invalid UTF-8',
      ],
    });
  });

  it('refuses an over-long link with a notice', () => {
    expect(
      readConfigureMessage({ type: CONFIGURE_MESSAGE, link: `?lr=0.5&${'a'.repeat(20_000)}` }, current),
    ).toEqual({
      config: current,
      notices: ['Ignored a message from the embedding page: longer than 20,000 characters'],
    });
  });
});
