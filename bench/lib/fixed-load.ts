/** An exact number of keep-alive GETs through a proxy (bench/fixed-load.mjs, in its own process). */
import path from 'node:path';
import { ROOT } from './build';
import { HTTP_HOST } from './portico';
import { runNodeForJson } from './proc';

const FIXED_LOAD = path.join(ROOT, 'bench/fixed-load.mjs');
const CONNECTIONS = 50;

/** Sends `requests` GETs for the HTTP domain to 127.0.0.1:`port` over `connections`, from `core`. */
export function runFixedLoad(
  core: string,
  port: number,
  requests: number,
  connections = CONNECTIONS,
): Promise<{ requests: number; seconds: number }> {
  return runNodeForJson(
    core,
    [FIXED_LOAD, String(port), HTTP_HOST, String(requests), String(connections)],
    'fixed-load',
  );
}
