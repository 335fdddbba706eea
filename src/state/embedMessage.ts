/**
 * What an embedding page may say to an embedded SGD Lab through `postMessage`: only
 * `{ type: 'sgd-lab:configure', link: '?lr=0.1&batch=10' }`, whose link is read by the same code as the
 * page's own link (`decodeConfig`); every other message is ignored. Parameters the link leaves out keep
 * their current values, except that, as in any link, no points means the generated data and no sampling
 * means reshuffling; the lesson and embedding parameters are not the message's to change.
 */
import type { AppConfig } from './config.ts';
import { decodeConfig } from './link.ts';

/** The message's type. */
export const CONFIGURE_MESSAGE = 'sgd-lab:configure';

/** The longest link a message may carry: a full configuration with the most points a link holds, and room. */
export const MESSAGE_LINK_LIMIT = 20_000;

/** Reads a message's data: the configuration it asks for and what was wrong, or null for anything else. */
export function readConfigureMessage(
  data: unknown,
  current: AppConfig,
): { config: AppConfig; notices: string[] } | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const type: unknown = Reflect.get(data, 'type');
  const link: unknown = Reflect.get(data, 'link');
  if (type !== CONFIGURE_MESSAGE || typeof link !== 'string') return null;
  if (link.length > MESSAGE_LINK_LIMIT)
    return {
      config: current,
      notices: [
        `Ignored a message from the embedding page: longer than ${MESSAGE_LINK_LIMIT.toLocaleString('en')} characters`,
      ],
    };
  const { config, notices } = decodeConfig(link.replace(/#.*$/s, ''), current);
  return { config, notices };
}
