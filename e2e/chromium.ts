/**
 * Which Chromium the end-to-end tests, the benches and the soak drive. `chooseChromium` decides from plain
 * facts (environment, platform, which files exist) so that the order is unit-tested; `resolveChromium`
 * gathers those facts and unpacks the pinned browser when that is the choice.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The npm package that ships a headless Chromium inside its tarball, pinned in package-lock.json. */
export const PINNED_CHROMIUM_PACKAGE = '@sparticuz/chromium';

/** Where a system's Chrome or Chromium usually lives, per platform, most specific first. */
export const SYSTEM_CHROMIUM_PATHS: Readonly<Record<string, readonly string[]>> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
  ],
};

/** The facts the choice depends on. */
export interface ChromiumFacts {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: string;
  readonly arch: string;
  /** Whether the pinned package is installed (npm ci installs it as a dev dependency). */
  readonly pinnedPackageInstalled: boolean;
  readonly fileExists: (path: string) => boolean;
}

/** Where the browser comes from: a path to launch, the pinned package to unpack, or why there is none. */
export type ChromiumChoice =
  | { readonly source: 'CHROMIUM_PATH' | 'system'; readonly path: string }
  | { readonly source: 'pinned package' }
  | { readonly source: 'none'; readonly message: string };

/**
 * The resolution order: `CHROMIUM_PATH` when set; else, on Linux x64 (the only build the package ships), the
 * pinned package's Chromium; else the system's Chrome or Chromium; else a message naming `CHROMIUM_PATH`.
 */
export function chooseChromium(facts: ChromiumFacts): ChromiumChoice {
  const fromEnvironment = facts.env['CHROMIUM_PATH'];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return facts.fileExists(fromEnvironment)
      ? { source: 'CHROMIUM_PATH', path: fromEnvironment }
      : {
          source: 'none',
          message: `CHROMIUM_PATH is set to ${fromEnvironment}, but no file is there. Point it at a Chrome or Chromium executable, or unset it to use the pinned one.`,
        };
  }
  if (facts.platform === 'linux' && facts.arch === 'x64' && facts.pinnedPackageInstalled) {
    return { source: 'pinned package' };
  }
  const systemPath = (SYSTEM_CHROMIUM_PATHS[facts.platform] ?? []).find(facts.fileExists);
  if (systemPath !== undefined) return { source: 'system', path: systemPath };
  const why = facts.pinnedPackageInstalled
    ? `${PINNED_CHROMIUM_PACKAGE} ships a browser for Linux x64 only (this is ${facts.platform} ${facts.arch})`
    : `${PINNED_CHROMIUM_PACKAGE} is not installed (run npm ci)`;
  return {
    source: 'none',
    message: `No Chromium for the end-to-end tests: ${why}, and no Chrome or Chromium was found in the usual places. Set CHROMIUM_PATH to a Chrome or Chromium executable.`,
  };
}

/** Whether a package resolves from this project's node_modules. */
function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

/** The executable to launch and where it came from; throws with `chooseChromium`'s message when none. */
export async function resolveChromium(): Promise<{ path: string; source: string }> {
  const choice = chooseChromium({
    env: process.env,
    platform: process.platform,
    arch: process.arch,
    pinnedPackageInstalled: isInstalled(PINNED_CHROMIUM_PACKAGE),
    fileExists: existsSync,
  });
  switch (choice.source) {
    case 'CHROMIUM_PATH':
    case 'system':
      return { path: choice.path, source: choice.source };
    case 'pinned package': {
      // Unpacks the brotli-compressed browser into the temporary folder once; later calls reuse it.
      const { default: pinned } = await import('@sparticuz/chromium');
      return { path: await pinned.executablePath(), source: PINNED_CHROMIUM_PACKAGE };
    }
    case 'none':
      throw new Error(choice.message);
  }
}
