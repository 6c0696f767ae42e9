/**
 * How the contract travels over the admin API (used by the CLI and the web dashboard).
 *
 * - `POST /api/rpc/<method>` with the params as a JSON body and `Authorization: Bearer <token>`;
 *   the answer is an `RpcOutcome` as JSON (HTTP 200 for both outcomes; 4xx only for
 *   transport-level refusals: bad Host/Origin 403, no or wrong token 401).
 * - `GET /api/events` upgraded to a WebSocket; browsers cannot set headers on a WebSocket,
 *   so the token travels as a subprotocol `portico.token.<token>` (the server answers with
 *   `portico.v1`). Each message is an `EventMessage` as JSON.
 * - Anything else is the dashboard (the renderer build). The token reaches the page in the
 *   URL fragment (`#token=…`), which browsers never send to a server, so it is never logged.
 */
export const RPC_PATH_PREFIX = '/api/rpc/';
export const EVENTS_PATH = '/api/events';
export const TOKEN_SUBPROTOCOL_PREFIX = 'portico.token.';
export const EVENTS_SUBPROTOCOL = 'portico.v1';
/** The admin API's default port; if taken, the engine uses a free one and says which. */
export const DEFAULT_ADMIN_PORT = 7380;
