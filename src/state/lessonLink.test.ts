import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type AppConfig } from './config.ts';
import { controlIds, EMBED_KEPT_CONTROLS, type ControlId } from './lessonControls.ts';
import { FULL_VIEW, LESSON_LIMITS, type LinkView } from './lessonLink.ts';
import { appendLesson } from './lessonLinkWriter.ts';
import { decodeConfig, encodeConfig } from './link.ts';

const defaults: AppConfig = defaultConfig;
const teacherConfig: AppConfig = {
  ...defaults,
  dataset: { ...defaults.dataset, kind: 'moons' },
  hyperparameters: { ...defaults.hyperparameters, learningRate: 0.3, batchSize: 4 },
};
const configSearch = encodeConfig(teacherConfig);

function lessonLink(view: LinkView): string {
  return appendLesson(configSearch, view.lesson, view.kept);
}

/** Whether a string has no lone surrogates (encodeURIComponent refuses those). */
function isWellFormed(text: string): boolean {
  try {
    encodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

const kept = (...ids: ControlId[]) => new Set<ControlId>(ids);

describe('lesson links', () => {
  it('give back the configuration, the lesson and the kept controls exactly', () => {
    const view: LinkView = {
      lesson: {
        text: 'Line one\nLine two & more: 50 % + "quotes" = ok\n\nÜnïcödé 学习 🙂',
        question: 'What happens with batch size 1?',
        answer: 'The path gets noisy.',
      },
      kept: kept('lr', 'batch', 'data.moons'),
      embed: false,
    };
    const search = lessonLink(view);
    expect(
      search.startsWith(`${configSearch}#lesson=1&keep=data.moons,lr,batch&text=Line+one%0ALine+two`),
    ).toBe(true);
    expect(decodeConfig(search, defaults)).toEqual({ config: teacherConfig, view, notices: [] });
  });

  it('leave keep out when every control is kept, and read that back as the full set of controls', () => {
    const view: LinkView = { lesson: { text: 'Hello', question: '', answer: '' }, kept: null, embed: false };
    const search = lessonLink({ ...view, kept: new Set(controlIds) });
    expect(search).toBe(`${configSearch}#lesson=1&text=Hello`);
    expect(decodeConfig(search, defaults).view).toEqual(view);
  });

  it('round-trip any text within the limits', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 200 }),
        (text, question) => {
          // Lone surrogates cannot be written as UTF-8; the dialog's textarea never holds them.
          fc.pre(isWellFormed(text) && isWellFormed(question));
          fc.pre(!/\r/.test(text + question) && text.trim() !== '' && question.trim() !== '');
          const view: LinkView = { lesson: { text, question, answer: 'yes' }, kept: kept('lr'), embed: true };
          expect(
            decodeConfig(`${appendLesson(configSearch, view.lesson, view.kept)}&embed=1`, defaults),
          ).toEqual({
            config: teacherConfig,
            view,
            notices: [],
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keep a hostile text as plain characters', () => {
    const text = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const { view, notices } = decodeConfig(
      lessonLink({ lesson: { text, question: '', answer: '' }, kept: null, embed: false }),
      defaults,
    );
    expect(notices).toEqual([]);
    expect(view.lesson?.text).toBe(text);
  });

  it('take a text of exactly 2,000 characters and refuse 2,001 by name, applying the rest', () => {
    const longest = 'a'.repeat(LESSON_LIMITS.text);
    expect(decodeConfig(`${configSearch}#lesson=1&text=${longest}`, defaults).view.lesson?.text).toBe(
      longest,
    );
    const { config, view, notices } = decodeConfig(
      `${configSearch}#lesson=1&keep=lr&text=${longest}b&question=Why%3F`,
      defaults,
    );
    expect(notices).toEqual(['Ignored the lesson text: longer than 2,000 characters (2,001)']);
    expect(config).toEqual(teacherConfig);
    expect(view).toEqual({
      lesson: { text: '', question: 'Why?', answer: '' },
      kept: kept('lr'),
      embed: false,
    });
  });

  it('refuse 100 kB of text with one notice and keep the configuration', () => {
    const { config, view, notices } = decodeConfig(
      `${configSearch}#lesson=1&text=${'%3Cb%3E'.repeat(34_000)}`,
      defaults,
    );
    expect(notices).toEqual(['Ignored the lesson text: longer than 2,000 characters (102,000)']);
    expect(view).toEqual(FULL_VIEW);
    expect(config).toEqual(teacherConfig);
  });

  it('name unknown control ids and keep the known ones', () => {
    const { view, notices } = decodeConfig('?lesson=1&keep=lr,bogus,data.moons,,bogus,%3Cimg%3E', defaults);
    expect(view.kept).toEqual(kept('lr', 'data.moons'));
    expect(notices).toEqual([
      'Ignored unknown control "bogus" in "keep"',
      'Ignored unknown control "<img>" in "keep"',
    ]);
  });

  it('keep nothing for an empty keep=, and refuse an absurdly long one', () => {
    expect(decodeConfig('?lesson=1&keep=', defaults).view.kept).toEqual(kept());
    const { view, notices } = decodeConfig(`?lesson=1&keep=${'lr,'.repeat(1000)}`, defaults);
    expect(view.kept).toBeNull();
    expect(notices).toEqual([`Ignored "keep=${'lr,'.repeat(13)}l…": too long to be a list of controls`]);
  });

  it('name broken percent-encoding and invalid UTF-8, leaving out only that parameter', () => {
    const { config, view, notices } = decodeConfig(
      `${configSearch}#lesson=1&text=50%zz&question=%C3%28&answer=ok&bad%E0name=1`,
      defaults,
    );
    expect(config).toEqual(teacherConfig);
    expect(view).toEqual(FULL_VIEW);
    expect(notices).toEqual([
      'Ignored "text": broken percent-encoding or invalid UTF-8',
      'Ignored "question": broken percent-encoding or invalid UTF-8',
      'Ignored "answer=ok": an answer needs a question',
      'Ignored "bad%E0name": broken percent-encoding or invalid UTF-8',
    ]);
  });

  it('read lesson parts only with lesson=1, and name another version', () => {
    expect(decodeConfig('?text=Hi&keep=lr', defaults)).toMatchObject({
      view: FULL_VIEW,
      notices: ['Ignored "text=Hi": only used with lesson=1', 'Ignored "keep=lr": only used with lesson=1'],
    });
    expect(decodeConfig('?lesson=2&text=Hi', defaults).notices).toEqual([
      'Ignored "lesson=2": not a lesson version this page reads (1); the lesson is left out',
      'Ignored "text=Hi": only used with lesson=1',
    ]);
  });

  it('count the first of a repeated part and name the others', () => {
    const { view, notices } = decodeConfig('?lesson=1&text=first&text=second', defaults);
    expect(view.lesson?.text).toBe('first');
    expect(notices).toEqual(['Ignored "text=second": "text" is given more than once; the first counts']);
  });

  it('write Windows line breaks as \\n and leave out blank parts', () => {
    expect(decodeConfig('?lesson=1&text=a%0D%0Ab%0Dc&question=+++', defaults).view.lesson).toEqual({
      text: 'a\nb\nc',
      question: '',
      answer: '',
    });
  });
});

describe('embed links', () => {
  it('keep the embedded set of controls unless the link names its own', () => {
    expect(decodeConfig('?embed=1', defaults).view).toEqual({
      lesson: null,
      kept: new Set(EMBED_KEPT_CONTROLS),
      embed: true,
    });
    expect(decodeConfig('?embed=1#lesson=1&keep=epochs', defaults).view.kept).toEqual(kept('epochs'));
    expect(decodeConfig('?embed=0', defaults).view).toEqual(FULL_VIEW);
  });

  it('name a bad flag', () => {
    expect(decodeConfig('?embed=yes', defaults)).toMatchObject({
      view: FULL_VIEW,
      notices: ['Ignored "embed=yes": not 1 or 0'],
    });
  });
});
