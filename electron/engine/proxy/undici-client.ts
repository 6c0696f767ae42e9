/**
 * undici's `Client` alone. The package's entry point loads everything it offers (fetch,
 * WebSocket, EventSource, caches, mocks): ~80 ms more at every engine start on this machine
 * (`node -e "require('undici')"` vs the client module), for code the engine never runs.
 * The package has no `exports` map, so its modules can be loaded directly; the types are the
 * package's own.
 */
import { createRequire } from 'node:module';
import type { Client as UndiciClient } from 'undici';

const load = createRequire(import.meta.url);

export type Client = UndiciClient;
export const Client = load('undici/lib/dispatcher/client.js') as typeof UndiciClient;
