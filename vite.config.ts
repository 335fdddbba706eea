/// <reference types="vitest/config" />
import { basename, dirname } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { FIRST_LOAD_LIMIT_BYTES, formatKilobytes, gzipSize } from './scripts/firstLoad.ts';
import { progressiveWebApp } from './scripts/pwa.ts';

/**
 * The Content-Security-Policy of the built app, in the <meta> tag of index.html. A <meta> policy does not
 * reach a worker, so `vite preview` sends the policy as a header as well; the dev server sends none
 * (plugin-react's inline preamble needs it).
 */
export const metaContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The policy as a header, which `vite preview` sends and public/_headers gives static hosts (a test keeps
 * the two equal): the meta policy plus `frame-ancestors *`, so that any course page may embed the app in
 * an iframe. A <meta> policy cannot carry frame-ancestors; every other directive stays as strict.
 */
export const contentSecurityPolicy = `${metaContentSecurityPolicy}; frame-ancestors *`;

/** Writes the policy into the built index.html only. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'sgd-lab-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Prints the size of the JavaScript a first visit loads (the entry chunk and everything it imports
 * statically; lazy chunks and workers come later) and fails the build when it is over the budget.
 */
function initialLoadBudget(): Plugin {
  return {
    name: 'sgd-lab-initial-load-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, { code: string; imports: string[] }>();
      const entries: string[] = [];
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type !== 'chunk') continue;
        chunks.set(fileName, { code: output.code, imports: output.imports });
        if (output.isEntry) entries.push(fileName);
      }
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName) || !chunks.has(fileName)) return;
        initial.add(fileName);
        chunks.get(fileName)?.imports.forEach(visit);
      };
      entries.forEach(visit);
      const bytes = [...initial].reduce((sum, name) => sum + gzipSize(chunks.get(name)?.code ?? ''), 0);
      const line = `initial JavaScript: ${formatKilobytes(bytes)} gzip in ${initial.size} file(s), budget ${formatKilobytes(FIRST_LOAD_LIMIT_BYTES)}`;
      if (bytes > FIRST_LOAD_LIMIT_BYTES) this.error(`${line}: over budget`);
      this.info(line);
    },
  };
}

export default defineConfig({
  // Relative base: the built folder works from any path on any static host, and offline.
  base: './',
  plugins: [react(), contentSecurityPolicyMeta(), initialLoadBudget(), progressiveWebApp()],
  worker: {
    format: 'es',
    // Each worker's entry is src/worker/<name>/entry.ts: its chunk is named after its folder
    // (training.worker-<hash>.js), so DevTools and the e2e tests tell the workers apart.
    rolldownOptions: {
      output: {
        entryFileNames: (chunk) => {
          const folder = chunk.facadeModuleId ? basename(dirname(chunk.facadeModuleId)) : chunk.name;
          return `assets/${chunk.name === 'entry' ? `${folder}.worker` : chunk.name}-[hash].js`;
        },
      },
    },
  },
  // The main chunk is React, Recharts, zustand, zod/mini and the main loop; tfjs stays in workers and the
  // labs load lazily (src/ui/panels/LazyPanels.tsx). Every module of the first load goes into that one
  // chunk: without the group, the modules the lazy chunks share with it become common chunks of their own,
  // and the first load fetches several files that compress worse apart.
  build: {
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] } } },
  },
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
