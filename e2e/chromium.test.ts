import { describe, expect, it } from 'vitest';
import { chooseChromium, type ChromiumFacts } from './chromium.ts';

/** A Linux x64 machine with the pinned package installed and only the given files on disk. */
function facts(overrides: Partial<ChromiumFacts> & { files?: readonly string[] } = {}): ChromiumFacts {
  const files = new Set(overrides.files ?? []);
  return {
    env: {},
    platform: 'linux',
    arch: 'x64',
    pinnedPackageInstalled: true,
    fileExists: (path) => files.has(path),
    ...overrides,
  };
}

describe('chooseChromium', () => {
  it('takes CHROMIUM_PATH first, over the pinned package and the system browser', () => {
    const choice = chooseChromium(
      facts({
        env: { CHROMIUM_PATH: '/opt/chrome/chrome' },
        files: ['/opt/chrome/chrome', '/usr/bin/chromium'],
      }),
    );
    expect(choice).toEqual({ source: 'CHROMIUM_PATH', path: '/opt/chrome/chrome' });
  });

  it('says so when CHROMIUM_PATH names no file, rather than launching something else', () => {
    const choice = chooseChromium(
      facts({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, files: ['/usr/bin/chromium'] }),
    );
    expect(choice.source).toBe('none');
    expect(choice.source === 'none' && choice.message).toMatch(/CHROMIUM_PATH is set to \/nowhere\/chrome/);
  });

  it('treats an empty CHROMIUM_PATH as unset', () => {
    expect(chooseChromium(facts({ env: { CHROMIUM_PATH: '' } }))).toEqual({ source: 'pinned package' });
  });

  it('prefers the pinned package on Linux x64 even when the system has Chromium', () => {
    expect(chooseChromium(facts({ files: ['/usr/bin/chromium'] }))).toEqual({ source: 'pinned package' });
  });

  it('falls back to the system browser where the package ships none (Linux arm64)', () => {
    const choice = chooseChromium(facts({ arch: 'arm64', files: ['/usr/bin/google-chrome'] }));
    expect(choice).toEqual({ source: 'system', path: '/usr/bin/google-chrome' });
  });

  it('falls back to the system browser when the package is not installed', () => {
    const choice = chooseChromium(facts({ pinnedPackageInstalled: false, files: ['/usr/bin/chromium'] }));
    expect(choice).toEqual({ source: 'system', path: '/usr/bin/chromium' });
  });

  it('finds Chrome where macOS installs it', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(chooseChromium(facts({ platform: 'darwin', arch: 'arm64', files: [chrome] }))).toEqual({
      source: 'system',
      path: chrome,
    });
  });

  it('names CHROMIUM_PATH and the reason when there is no browser at all', () => {
    const onMac = chooseChromium(facts({ platform: 'darwin', arch: 'arm64' }));
    expect(onMac.source === 'none' && onMac.message).toMatch(
      /Linux x64 only \(this is darwin arm64\).*Set CHROMIUM_PATH/,
    );
    const withoutPackage = chooseChromium(facts({ pinnedPackageInstalled: false }));
    expect(withoutPackage.source === 'none' && withoutPackage.message).toMatch(
      /not installed \(run npm ci\).*CHROMIUM_PATH/,
    );
  });
});
