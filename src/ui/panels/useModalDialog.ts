import { useEffect, useRef, type MouseEvent, type RefObject, type SyntheticEvent } from 'react';

/**
 * A <dialog> shown modal while its component is mounted: the page behind is inert, `focusFirst` takes the
 * focus, Escape and a click on the backdrop call `close` (the caller's state, not the browser, decides that
 * it closes), and the focus goes back to the opener afterwards. Spread the result on the <dialog>.
 */
export function useModalDialog(close: () => void, focusFirst: RefObject<HTMLElement | null>) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    // The opener: the button that opened it, or whatever had focus when its shortcut was pressed.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // showModal makes the page behind inert; environments without it (jsdom) get a plain open dialog.
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    focusFirst.current?.focus();
    return () => {
      if (typeof dialog.close === 'function' && dialog.open) dialog.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [focusFirst]);
  // Escape on a modal dialog fires cancel.
  const onCancel = (event: SyntheticEvent) => {
    event.preventDefault();
    close();
  };
  // A click on the backdrop lands on the dialog element itself.
  const onClick = (event: MouseEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget) close();
  };
  return { ref, onCancel, onClick };
}
