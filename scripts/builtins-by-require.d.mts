import type { Plugin } from 'vite';

/** Imports of Node's built-ins become `require()` calls (scripts/builtins-by-require.mjs). */
export function builtinsByRequire(): Plugin;
