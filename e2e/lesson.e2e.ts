/**
 * Lesson links in real Chromium: a teacher writes one through the dialog, a student opens it and finds only
 * the kept controls, the lesson, the question and its answer behind Reveal, and a lab that trains; a hostile
 * or broken lesson link is shown as text or refused with a named notice, and nothing in it runs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createUi } from './actions.ts';
import { ARTIFACTS, useAppPage } from './harness.ts';

const app = useAppPage({ width: 1280, height: 720 });
const ui = createUi(app);

/** The lesson dialog and its fields, by their names. */
function lessonDialog() {
  const dialog = ui.page.getByRole('dialog', { name: 'Create a lesson link' });
  return {
    dialog,
    keep: (control: string) => dialog.getByRole('checkbox', { name: control, exact: true }),
    text: dialog.getByRole('textbox', { name: 'Lesson text' }),
    question: dialog.getByRole('textbox', { name: /^Question/ }),
    answer: dialog.getByRole('textbox', { name: /^Answer/ }),
    link: dialog.getByRole('textbox', { name: 'Lesson link' }),
  };
}

/** The serious and critical axe-core rules the page as it is now breaks, by id. */
async function seriousAxeViolations(): Promise<string[]> {
  const require = createRequire(import.meta.url);
  // Evaluated through the driver, which the page's Content-Security-Policy does not govern.
  await ui.page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  return ui.page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string | null }[] }> };
    };
    const { violations } = await axe.run(document);
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => violation.id);
  });
}

/** Records every alert, confirm or prompt the page opens (and dismisses it). */
function recordDialogs(): string[] {
  const opened: string[] = [];
  ui.page.on('dialog', (dialog) => {
    opened.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return opened;
}

describe('lesson links in Chromium', () => {
  it('are written through the dialog and give students only the kept controls, the lesson and Reveal', async () => {
    await ui.pickDataset('Two moons');
    await ui.fill('Learning rate value', 0.5);
    await ui.page.keyboard.press('Tab');
    await ui.click('Create lesson link');
    const form = lessonDialog();
    await form.dialog.waitFor();
    await expect(form.text.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    await form.keep('Batch size').uncheck();
    await form.keep('Presentation mode').uncheck();
    await form.keep('Sweep').uncheck();
    await form.text.fill('Watch the boundary bend.\nThen try a larger learning rate.');
    await form.question.fill('Will the test accuracy pass 80 %?');
    await form.answer.fill('Yes: the moons are almost separable.');
    await form.dialog.getByText(/^57 of 2,000 characters/).waitFor();
    const link = await form.link.inputValue();
    expect(link).toContain('lr=0.5');
    expect(link).toContain('#lesson=1&keep=');
    expect(link).not.toMatch(/keep=[^&]*\bbatch\b/);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'lesson-dialog.png') });
    await expect(seriousAxeViolations()).resolves.toEqual([]);
    await form.dialog.getByRole('button', { name: 'Copy' }).click();
    await form.dialog
      .getByRole('status')
      .getByText(/Lesson link copied\.|the link is selected, press Ctrl\+C/)
      .waitFor();
    await ui.press('Escape');
    await form.dialog.waitFor({ state: 'detached' });

    const opened = recordDialogs();
    await ui.page.goto(link);
    await ui.button('Train').waitFor();
    const lesson = ui.page.getByRole('region', { name: 'Lesson' });
    await lesson.getByText('Watch the boundary bend.').waitFor();
    // Its line break kept as a line break, by CSS, in one text node.
    const textBox = lesson.locator('.lesson-text').first();
    await expect(textBox.evaluate((element) => getComputedStyle(element).whiteSpace)).resolves.toBe(
      'pre-line',
    );
    await expect(textBox.textContent()).resolves.toBe(
      'Watch the boundary bend.\nThen try a larger learning rate.',
    );

    // Gone from the DOM and the accessibility tree, with its keyboard shortcut.
    expect(await ui.page.getByRole('slider', { name: 'Batch size' }).count()).toBe(0);
    expect(await ui.page.getByLabel('Batch size value').count()).toBe(0);
    expect(await ui.button('Presentation mode').count()).toBe(0);
    expect(await ui.page.getByRole('heading', { name: 'Sweep' }).count()).toBe(0);
    await ui.press('p');
    await expect(ui.page.locator('.app').getAttribute('class')).resolves.toBe('app');
    await ui.press('?');
    const shortcuts = ui.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await shortcuts.waitFor();
    expect(await shortcuts.getByText('Presentation mode on / off').count()).toBe(0);
    await shortcuts.getByText('Reset the run').waitFor();
    await ui.press('Escape');
    await shortcuts.waitFor({ state: 'detached' });

    // What the teacher kept is there, as the teacher set it.
    await expect(ui.sliderValue('Learning rate')).resolves.toBe('0.5');
    await expect(
      ui.page.getByRole('radio', { name: 'Two moons' }).getAttribute('aria-checked'),
    ).resolves.toBe('true');

    const fullLab = lesson.getByRole('link', { name: 'Open the full lab' });
    await lesson.getByText('Some controls are hidden by this lesson.').waitFor();
    await expect(fullLab.getAttribute('target')).resolves.toBe('_blank');
    await expect(fullLab.getAttribute('rel')).resolves.toBe('noopener');
    const fullHref = (await fullLab.getAttribute('href')) ?? '';
    expect(fullHref).toContain('lr=0.5');
    expect(fullHref).not.toContain('lesson');

    // Predict, then observe: the answer waits for Reveal.
    expect(await lesson.getByText('Yes: the moons are almost separable.').count()).toBe(0);
    await ui.page.screenshot({ path: join(ARTIFACTS, 'lesson-student.png') });
    await expect(seriousAxeViolations()).resolves.toEqual([]);
    await lesson.getByRole('button', { name: 'Reveal' }).click();
    await lesson.getByText('Yes: the moons are almost separable.').waitFor();

    await ui.train();
    await expect.poll(() => ui.epoch(), { timeout: 30_000 }).toBeGreaterThan(2);
    await ui.pause();
    expect(opened).toEqual([]);
    expect(app.problems).toEqual([]);
  });

  it('shows a hostile lesson text as text and refuses 100 kB or broken encodings by name', async () => {
    const opened = recordDialogs();
    const hostile = '<img src=x onerror=alert(1)>';
    await ui.page.goto(`${app.url}?lr=0.25&seed=1#lesson=1&text=${encodeURIComponent(hostile)}`);
    const lesson = ui.page.getByRole('region', { name: 'Lesson' });
    await lesson.getByText(hostile, { exact: true }).waitFor();
    expect(await ui.page.locator('img').count()).toBe(0);

    await ui.page.goto(`${app.url}?lr=0.25&seed=2#lesson=1&text=${'%3Cscript%3E'.repeat(12_500)}`);
    const notices = ui.page.getByRole('status', { name: 'Link notices' });
    await notices.getByText('Ignored the lesson text: longer than 2,000 characters (100,000)').waitFor();
    await expect(ui.sliderValue('Learning rate')).resolves.toBe('0.25');
    expect(await ui.page.getByRole('region', { name: 'Lesson' }).count()).toBe(0);

    await ui.page.goto(`${app.url}?lr=0.25&seed=3#lesson=1&text=50%zz&question=%C3%28&keep=lr,steps,%E0%A4`);
    for (const name of ['text', 'question', 'keep'])
      await notices.getByText(`Ignored "${name}": broken percent-encoding or invalid UTF-8`).waitFor();
    await expect(ui.sliderValue('Learning rate')).resolves.toBe('0.25');
    await ui.train();
    await expect.poll(() => ui.epoch(), { timeout: 30_000 }).toBeGreaterThan(1);
    expect(opened).toEqual([]);
    expect(app.problems).toEqual([]);
  });
});
