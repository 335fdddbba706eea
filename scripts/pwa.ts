/**
 * The web app manifest and the service worker of the built app (vite-plugin-pwa with Workbox's
 * generateSW): after one visit the page, its workers and the tfjs WebAssembly binaries come from the
 * browser's cache, so the app opens and trains with no network. A new version installs beside the old one
 * and waits until the page's "New version — reload" notice sends it `skipWaiting`
 * (src/ui/serviceWorkerUpdates.ts).
 */
import type { PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** The page's colours, as src/ui/styles/base.css names them (--accent and --page). */
const ACCENT = '#0b6e4f';
const PAGE_BACKGROUND = '#f4f6f8';

/**
 * The largest file the service worker precaches. The tfjs chunk of the training worker is the largest
 * file of the build; Workbox's default of 2 MiB sits too close above it, and a file over the limit is
 * silently left out of the cache, so the limit leaves room for the chunk to grow.
 */
export const PRECACHE_FILE_LIMIT_BYTES = 6 * 1024 * 1024;

/**
 * Every file of the build a visit may load: the page, its chunks and workers, styles, WebAssembly and
 * icons (the app has no fonts of its own: it uses the system's). Source maps stay out.
 */
export const PRECACHE_PATTERNS = ['**/*.{html,js,css,wasm,svg,png}'];

/** The plugins that write manifest.webmanifest and sw.js into the build (and nothing in the dev server). */
export function progressiveWebApp(): PluginOption {
  return VitePWA({
    // The page registers the worker itself, in a few lines (src/ui/serviceWorkerUpdates.ts): the plugin's
    // register module and workbox-window would add to the first load.
    injectRegister: false,
    registerType: 'prompt',
    // PRECACHE_PATTERNS already take public/'s icons from the build; the plugin adds the manifest itself.
    includeManifestIcons: false,
    manifest: {
      name: 'SGD Lab',
      short_name: 'SGD Lab',
      description: 'Watch mini-batch stochastic gradient descent train, live, in the browser.',
      // Relative like the build's `base: './'`: the app installs and works from whatever folder hosts it.
      start_url: './',
      scope: './',
      display: 'standalone',
      theme_color: ACCENT,
      background_color: PAGE_BACKGROUND,
      lang: 'en',
      icons: [
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
        { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
        { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    workbox: {
      globPatterns: PRECACHE_PATTERNS,
      maximumFileSizeToCacheInBytes: PRECACHE_FILE_LIMIT_BYTES,
      // Navigations inside the scope (a shared link's ?query, a reload offline) get the cached page.
      navigateFallback: 'index.html',
      // The first visit's page is controlled at once, so that its lazy chunks and the tfjs binaries it
      // fetches later come from the cache if the network goes away before a reload.
      clientsClaim: true,
      // A new version only takes over when the page sends it SKIP_WAITING (the notice's Reload button).
      skipWaiting: false,
      cleanupOutdatedCaches: true,
      // No runtimeCaching: the app loads nothing from another origin, and neither does its worker.
    },
  });
}
