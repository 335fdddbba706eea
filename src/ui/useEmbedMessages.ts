import { useEffect } from 'react';
import { readConfigureMessage } from '../state/embedMessage.ts';
import { useAppStoreApi } from '../state/store.ts';

/**
 * On an embedded page, applies the configurations the embedding page (the frame's parent, from any origin)
 * sends through `postMessage`; what was wrong with one is named as a link's problems are.
 */
export function useEmbedMessages(embed: boolean): void {
  const store = useAppStoreApi();
  useEffect(() => {
    if (!embed) return;
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window.parent || window.parent === window) return;
      const state = store.getState();
      const read = readConfigureMessage(event.data, state.config);
      if (read === null) return;
      state.replaceConfig(read.config);
      state.showLinkNotices(read.notices);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [embed, store]);
}
