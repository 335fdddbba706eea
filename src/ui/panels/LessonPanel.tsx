import { useRef, useState } from 'react';
import { hidesAnyControl } from '../../state/lessonControls.ts';
import type { Lesson } from '../../state/lessonLink.ts';
import { encodeConfig } from '../../state/link.ts';
import { useAppStore } from '../../state/store.ts';

/** The full lab at the page's current configuration: no lesson, every control, not embedded. */
function useFullLabLink(): string {
  const config = useAppStore((state) => state.config);
  return `${location.pathname}${encodeConfig(config)}`;
}

/**
 * What a lesson link shows above the lab (App renders it only for a link with a lesson, hidden controls or
 * the embedded view, and loads its code only then): the teacher's text (as plain text, its line breaks kept by CSS),
 * the question with its answer behind "Reveal", and one line saying that controls are hidden, with the
 * full lab a click away in a new tab. An embedded page says instead where the full app is.
 */
export default function LessonPanel() {
  const lesson = useAppStore((state) => state.linkView.lesson);
  const embed = useAppStore((state) => state.linkView.embed);
  const hidesControls = useAppStore((state) => hidesAnyControl(state.linkView.kept));
  const fullLab = useFullLabLink();

  const fullLabLink = embed ? (
    <a href={fullLab} target="_blank" rel="noopener" className="lesson-open-full">
      Open in SGD Lab
    </a>
  ) : (
    <p className="lesson-hidden">
      Some controls are hidden by this lesson.{' '}
      <a href={fullLab} target="_blank" rel="noopener">
        Open the full lab
      </a>
    </p>
  );
  if (lesson === null) return <div className="lesson-bar">{fullLabLink}</div>;
  return (
    <section className="lesson-panel" aria-labelledby="lesson-heading">
      <h2 id="lesson-heading">Lesson</h2>
      {lesson.text !== '' && <p className="lesson-text">{lesson.text}</p>}
      {lesson.question !== '' && <LessonQuestion lesson={lesson} />}
      {embed || hidesControls ? fullLabLink : null}
    </section>
  );
}

/** The question, and its answer once the student presses Reveal (predict, then observe). */
function LessonQuestion({ lesson }: { lesson: Lesson }) {
  const [revealed, setRevealed] = useState(false);
  const answerRef = useRef<HTMLParagraphElement>(null);
  return (
    <div className="lesson-question">
      <p className="lesson-text">
        <strong>Question: </strong>
        {lesson.question}
      </p>
      {lesson.answer !== '' &&
        (revealed ? (
          <p className="lesson-text lesson-answer" ref={answerRef} tabIndex={-1}>
            <strong>Answer: </strong>
            {lesson.answer}
          </p>
        ) : (
          <p className="lesson-reveal">
            Answer it, press Train, then{' '}
            <button
              type="button"
              onClick={() => {
                setRevealed(true);
                // The button goes away: focus moves to what it revealed.
                requestAnimationFrame(() => answerRef.current?.focus());
              }}
            >
              Reveal
            </button>
          </p>
        ))}
    </div>
  );
}
