import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Forbids imports that would break the one-way layering of DESIGN.md. */
function layer(files, forbidden) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: forbidden.map(({ group, message }) => ({ group, message })),
        },
      ],
    },
  };
}

const noTfjs = { group: ['@tensorflow/*'], message: 'Only src/engine imports tfjs.' };
const noReact = {
  group: ['react', 'react-dom', 'react-dom/*', 'recharts', 'zustand', 'zustand/*'],
  message: 'UI libraries stay in src/ui and src/state.',
};

export default tseslint.config(
  { ignores: ['dist', 'artifacts', 'node_modules', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.tsx', 'src/ui/**/*.ts', 'src/state/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  layer(
    ['src/core/**'],
    [
      noTfjs,
      noReact,
      {
        group: ['**/engine/**', '**/worker/**', '**/state/**', '**/ui/**'],
        message: 'src/core is pure: it imports nothing of the app above it.',
      },
    ],
  ),
  layer(
    ['src/engine/**'],
    [
      noReact,
      { group: ['**/worker/**', '**/state/**', '**/ui/**'], message: 'src/engine sees only src/core.' },
    ],
  ),
  layer(
    ['src/worker/**'],
    [
      noReact,
      { group: ['**/state/**', '**/ui/**'], message: 'The worker layer never reaches up into the UI.' },
    ],
  ),
  layer(
    ['src/worker/*/client.ts', 'src/worker/*/protocol.ts'],
    [
      noReact,
      noTfjs,
      {
        group: ['**/state/**', '**/ui/**', '**/engine/**', '**/entry*', '**/session*'],
        message: "A worker's client and protocol run on the page: no tfjs, no worker-side code.",
      },
    ],
  ),
  layer(
    ['src/state/**'],
    [
      noTfjs,
      {
        group: [
          '**/ui/**',
          '**/engine/**',
          '**/worker/*/*',
          '!**/worker/*/client.ts',
          '!**/worker/*/protocol.ts',
        ],
        message: "State talks to a worker only through its folder's client.ts and protocol.ts.",
      },
    ],
  ),
  layer(
    ['src/ui/**'],
    [
      noTfjs,
      {
        group: ['**/engine/**', '**/worker/*/*', '**/worker/*.ts', '!**/worker/port.ts'],
        message: 'The UI reaches the worker only through src/state (and shares only its port type).',
      },
    ],
  ),
);
