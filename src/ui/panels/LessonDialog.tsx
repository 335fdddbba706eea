import { useId, useRef, useState } from 'react';
import {
  controlGroups,
  controlIds,
  lessonControls,
  type ControlGroup,
  type ControlId,
} from '../../state/lessonControls.ts';
import { LESSON_LIMITS } from '../../state/lessonLink.ts';
import { appendLesson } from '../../state/lessonLinkWriter.ts';
import { encodeConfig } from '../../state/link.ts';
import { useAppStoreApi } from '../../state/store.ts';
import { useModalDialog } from './useModalDialog.ts';

/** Every control of a group, in the registry's order. */
function controlsOf(group: ControlGroup): ControlId[] {
  return controlIds.filter((id) => lessonControls[id].group === group);
}

/**
 * The teacher's dialog that writes a lesson link: which controls the students keep, the lesson's text, an
 * optional question whose answer waits for "Reveal", and the link itself with a Copy button. A modal
 * <dialog>: the page behind is inert, focus stays inside, Escape and the backdrop close it.
 */
export default function LessonDialog({ onClose }: { onClose: () => void }) {
  const store = useAppStoreApi();
  // The configuration when the dialog opens: the page behind cannot change while it is open.
  const [search] = useState(() => encodeConfig(store.getState().config));
  const [kept, setKept] = useState<ReadonlySet<ControlId>>(() => new Set(controlIds));
  const [text, setText] = useState('');
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const id = useId();

  const dialog = useModalDialog(onClose, textRef);

  const lesson = text.trim() === '' && question.trim() === '' ? null : { text, question, answer };
  // This page's address, the configuration, then the lesson.
  const link = `${location.origin}${location.pathname}${appendLesson(search, lesson, kept)}`;

  const toggle = (control: ControlId, on: boolean) => {
    const next = new Set(kept);
    if (on) next.add(control);
    else next.delete(control);
    setKept(next);
    setMessage(null);
  };

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setMessage('Lesson link copied.');
    } catch {
      // Refused (no permission, an insecure page, a sandboxed frame): the link is selected for Ctrl+C.
      linkRef.current?.select();
      setMessage('The clipboard is not available here: the link is selected, press Ctrl+C (⌘C on a Mac).');
    }
  };

  return (
    <dialog {...dialog} className="lesson-dialog" aria-labelledby={`${id}-heading`}>
      <div className="lesson-dialog-content">
        <h2 id={`${id}-heading`}>Create a lesson link</h2>
        <p className="hint">
          The link opens the lab as it is set now. Students keep only the ticked controls; the others are
          removed from their page, with their keyboard shortcuts.
        </p>
        <div className="lesson-dialog-columns">
          <fieldset className="lesson-controls">
            <legend>Controls the students keep</legend>
            <div className="button-row">
              <button type="button" onClick={() => setKept(new Set(controlIds))}>
                Keep all
              </button>
              <button type="button" onClick={() => setKept(new Set())}>
                Keep none
              </button>
            </div>
            {controlGroups.map((group) => (
              <fieldset key={group} className="lesson-group">
                <legend>{group}</legend>
                {controlsOf(group).map((control) => (
                  <label
                    key={control}
                    className="check"
                    title={`Unticked, this removes ${lessonControls[control].hides}`}
                  >
                    <input
                      type="checkbox"
                      checked={kept.has(control)}
                      onChange={(event) => toggle(control, event.currentTarget.checked)}
                    />
                    {lessonControls[control].label}
                  </label>
                ))}
              </fieldset>
            ))}
          </fieldset>
          <div className="lesson-words">
            <label htmlFor={`${id}-text`}>Lesson text</label>
            <textarea
              ref={textRef}
              id={`${id}-text`}
              rows={7}
              maxLength={LESSON_LIMITS.text}
              value={text}
              aria-describedby={`${id}-count`}
              onChange={(event) => setText(event.currentTarget.value)}
            />
            <p id={`${id}-count`} className="hint lesson-count">
              {text.length.toLocaleString('en')} of {LESSON_LIMITS.text.toLocaleString('en')} characters;
              plain text, line breaks kept
            </p>
            <label htmlFor={`${id}-question`}>Question to answer before training (optional)</label>
            <textarea
              id={`${id}-question`}
              rows={2}
              maxLength={LESSON_LIMITS.question}
              value={question}
              onChange={(event) => setQuestion(event.currentTarget.value)}
            />
            <label htmlFor={`${id}-answer`}>Answer, shown when a student presses Reveal</label>
            <textarea
              id={`${id}-answer`}
              rows={2}
              maxLength={LESSON_LIMITS.answer}
              value={answer}
              disabled={question.trim() === ''}
              onChange={(event) => setAnswer(event.currentTarget.value)}
            />
            <label htmlFor={`${id}-link`}>Lesson link</label>
            <div className="lesson-link-row">
              <input
                ref={linkRef}
                id={`${id}-link`}
                type="text"
                readOnly
                value={link}
                aria-describedby={`${id}-length`}
                onFocus={(event) => event.currentTarget.select()}
              />
              <button type="button" className="primary" onClick={() => void copy()}>
                Copy
              </button>
            </div>
            <p id={`${id}-length`} className="hint">
              {link.length.toLocaleString('en')} characters.{' '}
              <a href={link} target="_blank" rel="noopener">
                Try it in a new tab
              </a>
            </p>
            <p className="note lesson-copy-message" role="status">
              {message}
            </p>
          </div>
        </div>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
