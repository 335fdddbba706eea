/**
 * The production headers in public/_headers (for static hosts) against the policy vite.config.ts defines
 * and `vite preview` sends: one source of truth, tested rather than copied by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, metaContentSecurityPolicy } from '../vite.config.ts';

/** The headers public/_headers gives every path ("/*"), by name. */
function headersForEveryPath(): Map<string, string> {
  const text = readFileSync(join(import.meta.dirname, '..', 'public', '_headers'), 'utf8');
  const headers = new Map<string, string>();
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!/^\s/.test(line)) {
      inBlock = line.trim() === '/*';
      continue;
    }
    const split = line.indexOf(':');
    if (inBlock && split > 0) headers.set(line.slice(0, split).trim(), line.slice(split + 1).trim());
  }
  return headers;
}

/** A policy's directives, by name. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );
}

describe('production headers', () => {
  it('send exactly the policy vite preview sends', () => {
    expect(headersForEveryPath().get('Content-Security-Policy')).toBe(contentSecurityPolicy);
  });

  it('allow framing by any page and are otherwise exactly as strict as the page’s meta policy', () => {
    const header = directives(contentSecurityPolicy);
    expect(header.get('frame-ancestors')).toBe('*');
    header.delete('frame-ancestors');
    expect(header).toEqual(directives(metaContentSecurityPolicy));
    expect(metaContentSecurityPolicy).not.toContain('frame-ancestors');
    expect(headersForEveryPath().has('X-Frame-Options')).toBe(false);
  });
});
