/**
 * What the inspector records for one exchange (request + response, or a WebSocket).
 * `ExchangeSchema` is a superset of the `requests --json` shape in product.md.
 */
import { z } from 'zod';

/** `[name, value]` pairs in wire order, duplicates kept. */
export const HeaderListSchema = z.array(z.tuple([z.string(), z.string()]));
export type HeaderList = z.output<typeof HeaderListSchema>;

export const BodySchema = z.object({
  /** Bytes the message really had (may exceed what was kept). */
  size: z.number(),
  /** Whether `text`/`base64` holds only the first `maxBodyBytes`. */
  truncated: z.boolean(),
  contentType: z.string().nullable(),
  /** The body as text when it is text, else null. */
  text: z.string().nullable(),
  /** The body base64-encoded when it is binary, else null. */
  base64: z.string().nullable(),
});
export type CapturedBody = z.output<typeof BodySchema>;

export const TimingsSchema = z.object({
  /** Epoch ms the request line arrived. */
  start: z.number(),
  /** ms from start until the upstream socket was connected (null: not reached). */
  connected: z.number().nullable(),
  /** ms from start until the upstream's response head arrived. */
  firstByte: z.number().nullable(),
  /** ms from start until the response was complete (or the WebSocket closed). */
  end: z.number().nullable(),
});

export const WebSocketStatsSchema = z.object({
  framesIn: z.number(),
  framesOut: z.number(),
  bytesIn: z.number(),
  bytesOut: z.number(),
  closeCode: z.number().nullable(),
  open: z.boolean(),
});

export const ExchangeSchema = z.object({
  id: z.string(),
  time: z.string(),
  method: z.string(),
  host: z.string(),
  path: z.string(),
  /** The domain pattern that matched (may be a wildcard), or null for an unknown host. */
  domain: z.string().nullable(),
  target: z.string().nullable(),
  status: z.number().nullable(),
  durationMs: z.number().nullable(),
  upgrade: z.literal('websocket').nullable(),
  error: z.string().nullable(),
  clientAddress: z.string(),
  protocol: z.object({ httpVersion: z.string(), tls: z.boolean(), sni: z.string().nullable() }),
  timings: TimingsSchema,
  bytesIn: z.number(),
  bytesOut: z.number(),
  /** The id of the exchange this one replays, if it is a replay. */
  replayOf: z.string().nullable(),
  websocket: WebSocketStatsSchema.nullable(),
  request: z.object({
    received: HeaderListSchema,
    forwarded: HeaderListSchema,
    body: BodySchema.nullable(),
  }),
  response: z.object({
    received: HeaderListSchema,
    sent: HeaderListSchema,
    body: BodySchema.nullable(),
  }),
});
export type Exchange = z.output<typeof ExchangeSchema>;

/** The list view's row: what the inspector list needs, without header lists or bodies. */
export const ExchangeSummarySchema = ExchangeSchema.pick({
  id: true,
  time: true,
  method: true,
  host: true,
  path: true,
  domain: true,
  target: true,
  status: true,
  durationMs: true,
  upgrade: true,
  error: true,
  replayOf: true,
});
export type ExchangeSummary = z.output<typeof ExchangeSummarySchema>;

export const ExchangeFilterSchema = z.object({
  domain: z.string().optional(),
  /** 1–5 for 1xx–5xx; 0 for exchanges that failed with no status. */
  statusClass: z.number().int().min(0).max(5).optional(),
  method: z.string().optional(),
  /** Case-insensitive substring of host + path. */
  text: z.string().optional(),
  limit: z.number().int().min(1).max(100_000).optional(),
});
export type ExchangeFilter = z.output<typeof ExchangeFilterSchema>;
