/**
 * The two IPC channels between the preload and the main process: one request channel
 * for every contract call (`{ method, params }` → `RpcOutcome`) and one for engine events.
 */
export const RPC_CHANNEL = 'portico:rpc';
export const EVENT_CHANNEL = 'portico:event';
