/// <reference types="vitest/config" />
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

export default defineConfig({
  // Relative base: the built folder works from any path on any static host, and offline.
  base: './',
  plugins: [react(), contentSecurityPolicyMeta()],
  worker: { format: 'es' },
  // The main chunk is React + Recharts + zustand (~190 kB gzip, under the 250 kB budget); tfjs stays in workers.
  build: { target: 'es2022', sourcemap: true, reportCompressedSize: true, chunkSizeWarningLimit: 800 },
  preview: { headers: { 'Content-Security-Policy': contentSecurityPolicy } },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
