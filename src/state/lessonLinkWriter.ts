/**
 * Writes a lesson after a link's configuration: what the lesson dialog puts in a lesson link. Kept apart
 * from the reading (lessonLink.ts), which every page load needs, so that only the dialog's chunk carries it.
 */
import { controlIds, type KeptControls } from './lessonControls.ts';
import { LESSON_VERSION, type Lesson } from './lessonLink.ts';

/** Escapes lesson text for a query string: spaces as "+", line breaks and everything else percent-encoded. */
function escapeText(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

/**
 * Appends a lesson to a configuration's search string (as `encodeConfig` writes it) as the link's hash:
 * its version, its kept controls (left out when it keeps every one) and its non-empty parts. In the hash
 * the lesson's text never reaches a server: a text of 2,000 characters percent-encodes to as much as 18 kB,
 * over the request-line limits of many servers and CDNs (Node's is 16 kB), and far under the browsers'
 * (2 MB in Chromium).
 */
export function appendLesson(search: string, lesson: Lesson | null, kept: KeptControls): string {
  const entries = [`lesson=${LESSON_VERSION}`];
  if (kept !== null && controlIds.some((id) => !kept.has(id)))
    entries.push(`keep=${controlIds.filter((id) => kept.has(id)).join(',')}`);
  if (lesson !== null) {
    const { text, question, answer } = lesson;
    if (text !== '') entries.push(`text=${escapeText(text)}`);
    if (question !== '') entries.push(`question=${escapeText(question)}`);
    if (question !== '' && answer !== '') entries.push(`answer=${escapeText(answer)}`);
  }
  return `${search}#${entries.join('&')}`;
}
