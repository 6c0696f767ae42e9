// Lint rules, including the layer rules of the architecture guide: they are checked here so
// that they cannot rot (the engine runs headless, shared/ is bundled into the sandboxed
// preload and the renderer, the renderer talks to the engine only through shared/).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = { group: ['node:*'], message: 'shared/ is platform-free: no Node built-ins.' };

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'bench/results', 'resources'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The engine and CLI run headless: never import electron.',
            },
          ],
          patterns: [
            { group: ['react', 'react-dom', 'zustand'], message: 'The engine has no UI.' },
            {
              group: ['**/renderer/**', '**/main/**', '**/preload/**'],
              message: 'The engine depends only on shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'shared/ is platform-free.' },
            { name: 'react', message: 'shared/ is platform-free.' },
          ],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/electron/**', '**/renderer/**'],
              message: 'shared/ depends on nothing of the app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer is sandboxed: use the contract client.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node.' },
            {
              group: ['**/electron/**'],
              message: 'The renderer may use only shared/ and its own files.',
            },
          ],
        },
      ],
    },
  },
);
