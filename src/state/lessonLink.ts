/**
 * The parts of a link that say how the page is shown rather than what it trains: a lesson (its text, a
 * question with its answer, the controls the students keep) and the embedded view. They are written as
 * the configuration's query parameters are, a lesson's after the "#" (lessonLinkWriter.ts), and read by the
 * same pass of `decodeConfig` (link.ts), which hands each value here; every problem is named in the link's
 * notices and costs only that part.
 *
 * A lesson carries `lesson=1`, the version of this format, then `keep=lr,batch,data.moons`, `text=…`,
 * `question=…` and `answer=…`; `embed=1` asks for the embedded view.
 */
import {
  controlIds,
  EMBED_KEPT_CONTROLS,
  isControlId,
  type ControlId,
  type KeptControls,
} from './lessonControls.ts';

/** The lesson format this page writes and reads. */
export const LESSON_VERSION = 1;

/** The most characters each written part of a lesson may have. */
export const LESSON_LIMITS = { text: 2000, question: 500, answer: 1000 } as const;

/** What the students read: a text, and a question whose answer waits for "Reveal". Empty parts are absent. */
export interface Lesson {
  readonly text: string;
  readonly question: string;
  readonly answer: string;
}

/** How a link asks the page to be shown. */
export interface LinkView {
  /** The lesson's words, or null when there are none to show. */
  readonly lesson: Lesson | null;
  /** The controls the page keeps; null keeps all. */
  readonly kept: KeptControls;
  /** Whether the page is shown in its embedded form (`embed=1`). */
  readonly embed: boolean;
}

/** The full lab: no lesson, every control, not embedded. */
export const FULL_VIEW: LinkView = { lesson: null, kept: null, embed: false };

/** The parameter names this module reads, beside the configuration's. */
export const viewParameterNames = ['lesson', 'keep', 'text', 'question', 'answer', 'embed'] as const;

/** A parameter of the view. */
export type ViewParameterName = (typeof viewParameterNames)[number];

/** Whether a parameter's name belongs to the view. */
export function isViewParameterName(name: string): name is ViewParameterName {
  return (viewParameterNames as readonly string[]).includes(name);
}

/** The first value of a parameter and where it stands in the link, as link.ts reads them. */
export interface ViewValue {
  readonly position: number;
  readonly text: string;
}

/** Says a problem with a parameter, at its place in the link. */
export type Notify = (position: number, text: string) => void;

/** A value as a notice shows it: long ones cut short, line breaks as spaces. */
function showValue(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}

/** Line breaks as the page writes them: one \n, whatever the teacher's system typed. */
function normaliseLineBreaks(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const PART_NAMES = { text: 'lesson text', question: 'question', answer: 'answer' } as const;

/**
 * Reads the view's parameters: `take(name)` gives a parameter's first value (already checked for broken
 * percent-encoding by link.ts), `notify` records a problem. Never throws.
 */
export function readLinkView(
  take: (name: ViewParameterName) => ViewValue | undefined,
  notify: Notify,
): LinkView {
  const ignore = (name: ViewParameterName, reason: string) => {
    const value = take(name);
    if (value !== undefined) notify(value.position, `Ignored "${name}=${showValue(value.text)}": ${reason}`);
  };

  const embedValue = take('embed');
  let embed = false;
  if (embedValue !== undefined) {
    if (embedValue.text === '1' || embedValue.text === '0') embed = embedValue.text === '1';
    else ignore('embed', 'not 1 or 0');
  }
  const embedded: LinkView = { lesson: null, kept: embed ? new Set(EMBED_KEPT_CONTROLS) : null, embed };

  const version = take('lesson');
  const lessonParts = ['keep', 'text', 'question', 'answer'] as const;
  if (version === undefined || version.text !== String(LESSON_VERSION)) {
    if (version !== undefined)
      ignore('lesson', `not a lesson version this page reads (${LESSON_VERSION}); the lesson is left out`);
    for (const name of lessonParts) ignore(name, `only used with lesson=${LESSON_VERSION}`);
    return embedded;
  }

  const readPart = (name: 'text' | 'question' | 'answer'): string => {
    const value = take(name);
    if (value === undefined) return '';
    const text = normaliseLineBreaks(value.text);
    const limit = LESSON_LIMITS[name];
    if (text.length > limit) {
      notify(
        value.position,
        `Ignored the ${PART_NAMES[name]}: longer than ${limit.toLocaleString('en')} characters ` +
          `(${text.length.toLocaleString('en')})`,
      );
      return '';
    }
    return text.trim() === '' ? '' : text;
  };
  const text = readPart('text');
  const question = readPart('question');
  let answer = readPart('answer');
  if (answer !== '' && question === '') {
    ignore('answer', 'an answer needs a question');
    answer = '';
  }
  const lesson = text === '' && question === '' ? null : { text, question, answer };
  return { lesson, kept: readKept(take('keep'), notify) ?? embedded.kept, embed };
}

/** The most characters `keep=` may have: every id once, with room to spare. */
const KEEP_LIMIT = 2 * controlIds.join(',').length;

/** Reads `keep=`: the known ids it lists; unknown ids are named and left out. Null when absent or refused. */
function readKept(value: ViewValue | undefined, notify: Notify): KeptControls {
  if (value === undefined) return null;
  if (value.text.length > KEEP_LIMIT) {
    notify(value.position, `Ignored "keep=${showValue(value.text)}": too long to be a list of controls`);
    return null;
  }
  const kept = new Set<ControlId>();
  const unknown = new Set<string>();
  for (const id of value.text.split(',')) {
    if (id === '') continue;
    if (isControlId(id)) kept.add(id);
    else if (!unknown.has(id)) {
      unknown.add(id);
      notify(value.position, `Ignored unknown control "${showValue(id)}" in "keep"`);
    }
  }
  return kept;
}
