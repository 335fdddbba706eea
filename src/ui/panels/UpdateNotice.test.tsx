// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createUpdateSignal } from '../serviceWorkerUpdates.ts';
import { UpdateNotice } from './UpdateNotice.tsx';

afterEach(cleanup);

/** A waiting update that counts how often Reload asked it to take over. */
function fakeUpdate() {
  const update = { reloads: 0, reload: () => (update.reloads += 1) };
  return update;
}

describe('UpdateNotice', () => {
  it('keeps an empty live region until a new version waits, then offers Reload, which activates it', () => {
    const signal = createUpdateSignal();
    render(<UpdateNotice signal={signal} />);
    const region = screen.getByRole('status', { name: 'Update' });
    expect(region.textContent).toBe('');
    expect(screen.queryByRole('button')).toBeNull();
    const update = fakeUpdate();
    act(() => signal.announce(update));
    expect(region.querySelector('span')?.textContent).toBe('New version — reload');
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(update.reloads).toBe(1);
  });

  it('goes away when dismissed, without activating the new version, and comes back for a newer one', () => {
    const signal = createUpdateSignal();
    render(<UpdateNotice signal={signal} />);
    const first = fakeUpdate();
    act(() => signal.announce(first));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('status').textContent).toBe('');
    expect(first.reloads).toBe(0);
    act(() => signal.announce(fakeUpdate()));
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('draws the notice as the floating box of updateNotice.css, so that showing it moves nothing', () => {
    const signal = createUpdateSignal();
    render(<UpdateNotice signal={signal} />);
    act(() => signal.announce(fakeUpdate()));
    expect(screen.getByRole('button', { name: 'Reload' }).parentElement?.className).toBe('update-notice');
  });
});

describe('createUpdateSignal', () => {
  it('tells each listener once per announcement until it unsubscribes', () => {
    const signal = createUpdateSignal();
    const calls: string[] = [];
    const stopA = signal.subscribe(() => calls.push('a'));
    signal.subscribe(() => calls.push('b'));
    const update = fakeUpdate();
    expect(signal.current()).toBeNull();
    signal.announce(update);
    stopA();
    signal.announce(update);
    expect(calls).toEqual(['a', 'b', 'b']);
    expect(signal.current()).toBe(update);
  });
});
