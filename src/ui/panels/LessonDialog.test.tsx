// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { controlIds, lessonControls } from '../../state/lessonControls.ts';
import { decodeConfig, encodeConfig } from '../../state/link.ts';
import { renderWithStore } from '../../test/renderWithStore.tsx';
import LessonDialog from './LessonDialog.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function openDialog() {
  const onClose = vi.fn();
  const rendered = renderWithStore(<LessonDialog onClose={onClose} />);
  const dialog = screen.getByRole('dialog', { name: 'Create a lesson link' });
  const link = () => (screen.getByRole('textbox', { name: 'Lesson link' }) as HTMLInputElement).value;
  return { ...rendered, onClose, dialog, link };
}

describe('LessonDialog', () => {
  it('offers one ticked checkbox per control, named as the control is', () => {
    openDialog();
    const boxes = screen.getAllByRole('checkbox') as HTMLInputElement[];
    expect(boxes.map((box) => box.labels?.[0]?.textContent)).toEqual(
      expect.arrayContaining(controlIds.map((id) => lessonControls[id].label)),
    );
    expect(boxes).toHaveLength(controlIds.length);
    expect(boxes.every((box) => box.checked)).toBe(true);
    expect(screen.getByRole('checkbox', { name: 'Batch size' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Two moons' })).toBeTruthy();
  });

  it('writes the configuration, the unticked controls and the lesson into the link, which reads back', () => {
    const { store, link } = openDialog();
    const search = encodeConfig(store.getState().config);
    expect(link()).toBe(`${location.origin}${location.pathname}${search}#lesson=1`);

    fireEvent.click(screen.getByRole('checkbox', { name: 'Batch size' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Lesson text' }), {
      target: { value: 'Line one\n<b>not bold</b>' },
    });
    expect(screen.getByText(/^24 of 2,000 characters/)).toBeTruthy();
    const answer = screen.getByRole('textbox', { name: /^Answer/ }) as HTMLTextAreaElement;
    expect(answer.disabled).toBe(true);
    fireEvent.change(screen.getByRole('textbox', { name: /^Question/ }), { target: { value: 'Why?' } });
    expect(answer.disabled).toBe(false);
    fireEvent.change(answer, { target: { value: 'Noise.' } });

    const url = new URL(link());
    expect(url.search).toBe(search);
    const { view, notices } = decodeConfig(url.search + url.hash, store.getState().config);
    expect(notices).toEqual([]);
    expect(view.lesson).toEqual({ text: 'Line one\n<b>not bold</b>', question: 'Why?', answer: 'Noise.' });
    expect([...(view.kept ?? [])]).toEqual(controlIds.filter((id) => id !== 'batch'));
  });

  it('limits the lesson text to 2,000 characters', () => {
    openDialog();
    expect((screen.getByRole('textbox', { name: 'Lesson text' }) as HTMLTextAreaElement).maxLength).toBe(
      2000,
    );
  });

  it('keeps none or all controls at a click', () => {
    openDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Keep none' }));
    expect((screen.getAllByRole('checkbox') as HTMLInputElement[]).some((box) => box.checked)).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Keep all' }));
    expect((screen.getAllByRole('checkbox') as HTMLInputElement[]).every((box) => box.checked)).toBe(true);
  });

  it('copies the link, or selects it and says how when the clipboard is refused', async () => {
    const { link } = openDialog();
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy' })));
    expect(writeText).toHaveBeenCalledWith(link());
    expect(screen.getByRole('status').textContent).toBe('Lesson link copied.');

    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy' })));
    expect(screen.getByRole('status').textContent).toBe(
      'The clipboard is not available here: the link is selected, press Ctrl+C (⌘C on a Mac).',
    );
  });

  it('closes on Escape (the dialog’s cancel) and on Close', () => {
    const { dialog, onClose } = openDialog();
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(onClose).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });
});
