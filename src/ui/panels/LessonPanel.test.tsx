// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ControlId } from '../../state/lessonControls.ts';
import type { LinkView } from '../../state/lessonLink.ts';
import { encodeConfig } from '../../state/link.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import LessonPanel from './LessonPanel.tsx';

afterEach(cleanup);

function renderLesson(view: LinkView) {
  const rendered = renderWithStore(<LessonPanel />);
  act(() => rendered.store.getState().showLinkView(view));
  return rendered;
}

const hostile = '<img src=x onerror=alert(1)>\nSecond line';

describe('LessonPanel', () => {
  it('shows the text as text, its line break kept, and the answer only after Reveal', () => {
    const { view } = renderLesson({
      lesson: { text: hostile, question: 'What will the path do?', answer: 'Wander.' },
      kept: new Set<ControlId>(['lr']),
      embed: false,
    });
    const lesson = screen.getByRole('region', { name: 'Lesson' });
    expect(lesson.querySelector('.lesson-text')?.textContent).toBe(hostile);
    expect(view.container.querySelector('img')).toBeNull();
    expect(screen.getByText('What will the path do?')).toBeTruthy();
    expect(screen.queryByText('Wander.')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(screen.getByText('Wander.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reveal' })).toBeNull();
  });

  it('says that controls are hidden and opens the full lab at this configuration in a new tab', () => {
    const { store } = renderLesson({
      lesson: { text: 'Hi', question: '', answer: '' },
      kept: new Set<ControlId>(['lr']),
      embed: false,
    });
    expect(screen.getByText(/Some controls are hidden by this lesson\./)).toBeTruthy();
    const link = screen.getByRole('link', { name: 'Open the full lab' });
    expect(link.getAttribute('href')).toBe(`${location.pathname}${encodeConfig(store.getState().config)}`);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener');
  });

  it('leaves the hidden-controls line out when the lesson keeps every control', () => {
    renderLesson({ lesson: { text: 'Hi', question: '', answer: '' }, kept: null, embed: false });
    expect(screen.queryByText(/Some controls are hidden/)).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('offers "Open in SGD Lab" on an embedded page, with or without a lesson', () => {
    renderLesson({ lesson: null, kept: new Set<ControlId>(['lr']), embed: true });
    const link = screen.getByRole('link', { name: 'Open in SGD Lab' });
    expect(link.getAttribute('href')).not.toContain('embed');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.queryByRole('region', { name: 'Lesson' })).toBeNull();
  });
});
