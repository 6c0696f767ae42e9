/**
 * A full set of contract handlers from the few a test implements: every other method
 * answers NOT_FOUND. Keeps in-memory test engines short and in step with the contract.
 */
import { methodNames, type EngineHandlers } from '../../shared/contract';
import { PorticoError } from '../../shared/rpc';

export function completeHandlers(implemented: Partial<EngineHandlers>): EngineHandlers {
  const notHere = async (): Promise<never> => {
    throw new PorticoError('NOT_FOUND', 'Not part of this test engine.');
  };
  return Object.fromEntries(
    methodNames.map((name) => [name, implemented[name] ?? notHere]),
  ) as unknown as EngineHandlers;
}
