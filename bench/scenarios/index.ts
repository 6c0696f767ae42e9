/** Every scenario, in the order of issue 6. */
import type { Scenario } from '../lib/scenario';
import { inspector } from './inspector';
import { memory } from './memory';
import { sse, websocket } from './realtime';
import { certificates, coldStart } from './startup';
import { keepAlive, newConnection } from './throughput';
import { transfer } from './transfer';

export const SCENARIOS: Scenario[] = [
  keepAlive,
  newConnection,
  inspector,
  websocket,
  sse,
  transfer,
  memory,
  coldStart,
  certificates,
];
