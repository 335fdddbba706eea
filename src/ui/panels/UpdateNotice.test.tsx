// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { activateWaitingWorker, UpdateNotice } from './UpdateNotice.tsx';

afterEach(cleanup);

describe('UpdateNotice', () => {
  it('says "New version — reload" in a status region, and Reload asks for the new version', () => {
    let reloads = 0;
    render(<UpdateNotice onReload={() => (reloads += 1)} />);
    const region = screen.getByRole('status', { name: 'App update' });
    expect(region.querySelector('span')?.textContent).toBe('New version — reload');
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(reloads).toBe(1);
  });

  it('goes away when dismissed, without asking for the new version', () => {
    let reloads = 0;
    render(<UpdateNotice onReload={() => (reloads += 1)} />);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.getByRole('status', { name: 'App update' }).textContent).toBe('');
    expect(reloads).toBe(0);
  });

  it('draws the notice as the floating box of updateNotice.css, so that showing it moves nothing', () => {
    render(<UpdateNotice onReload={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Reload' }).parentElement?.className).toBe('update-notice');
  });
});

describe('activateWaitingWorker', () => {
  it('sends the waiting worker SKIP_WAITING and reloads once, when the new worker takes control', () => {
    const messages: unknown[] = [];
    const listeners: { type: string; once: boolean }[] = [];
    const container = {
      addEventListener: (type: string, _listener: unknown, options?: AddEventListenerOptions) =>
        listeners.push({ type, once: options?.once === true }),
    };
    Object.defineProperty(navigator, 'serviceWorker', { value: container, configurable: true });
    const registration = { waiting: { postMessage: (message: unknown) => messages.push(message) } };
    activateWaitingWorker(registration as unknown as ServiceWorkerRegistration);
    expect(messages).toEqual([{ type: 'SKIP_WAITING' }]);
    expect(listeners).toEqual([{ type: 'controllerchange', once: true }]);
  });
});
