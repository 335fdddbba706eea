/// <reference types="vitest/config" />
import { basename, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The Content-Security-Policy of the built app. A <meta> policy does not reach a worker, so `vite preview`
 * sends the same policy as a header; the dev server sends none (plugin-react's inline preamble needs it).
 */
export const contentSecurityPolicy = [
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

/** Writes the policy into the built index.html only. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'sgd-lab-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** The most JavaScript, gzip-compressed, that the page may load before it can train (issue 5). */
export const INITIAL_JS_BUDGET_BYTES = 250_000;

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
      const bytes = [...initial].reduce(
        (sum, name) => sum + gzipSync(chunks.get(name)?.code ?? '').length,
        0,
      );
      const kilobytes = (value: number) => `${(value / 1000).toFixed(1)} kB`;
      const line = `initial JavaScript: ${kilobytes(bytes)} gzip in ${initial.size} file(s), budget ${kilobytes(INITIAL_JS_BUDGET_BYTES)}`;
      if (bytes > INITIAL_JS_BUDGET_BYTES) this.error(`${line}: over budget`);
      this.info(line);
    },
  };
}

export default defineConfig({
  // Relative base: the built folder works from any path on any static host, and offline.
  base: './',
  plugins: [react(), contentSecurityPolicyMeta(), initialLoadBudget()],
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
  // The main chunk is React, Recharts, zustand and zod/mini (about 230 kB gzip); tfjs stays in workers.
  build: { target: 'es2022', sourcemap: true, reportCompressedSize: true, chunkSizeWarningLimit: 800 },
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
