/**
 * The one typed contract between the engine and everything that drives it: the Electron
 * main process (IPC), the preload, the admin API (HTTP + WebSocket), the CLI and the
 * renderer's client all derive from these definitions. Each method is declared once, with
 * a runtime schema for its params (validated at every boundary) and for its result.
 */
import { z } from 'zod';
import { METHOD_NAMES } from './method-names';
import {
  HostSchema,
  TargetSchema,
  ProxySettingsSchema,
  TimeoutSettingsSchema,
  InspectorSettingsSchema,
  patchSchemaOf,
} from './config';
import { ExchangeSchema, ExchangeSummarySchema, ExchangeFilterSchema } from './exchange';
import { DoctorReportSchema, HostsStatusSchema } from './doctor';

// ── Shapes ───────────────────────────────────────────────────────────────────────────────

export const ListenerStateSchema = z.object({
  /** The port asked for (from the config or a flag). */
  requestedPort: z.number(),
  /** The port really listened on; null when neither it nor the fallback could be bound. */
  port: z.number().nullable(),
  /** Why the requested port was not used, with the fix (e.g. setcap on Linux). */
  problem: z.string().nullable(),
});

export const EngineStatusSchema = z.object({
  version: z.string(),
  pid: z.number(),
  startedAt: z.string(),
  dataDir: z.string(),
  paused: z.boolean(),
  http: ListenerStateSchema,
  https: ListenerStateSchema,
  /** Problem with the config file on disk (refused edit, corrupt file), or null. */
  configProblem: z.string().nullable(),
  /** Whether HTTPS can be served: false when no mkcert could be found. */
  certificatesAvailable: z.boolean(),
  /** True while mkcert is being looked for or downloaded (HTTPS starts when it is ready). */
  certificatesBusy: z.boolean(),
  certificatesProblem: z.string().nullable(),
  /**
   * What the engine runs on. `gcExposed`: V8 has `gc`, the sign the engine's V8 flags reached
   * it (shared/engine-node-flags.mjs); its idle memory reclaim and bulk buffer release need it.
   */
  runtime: z.object({ node: z.string(), v8: z.string(), gcExposed: z.boolean() }),
});
export type EngineStatus = z.output<typeof EngineStatusSchema>;

export const CertificateStateSchema = z.object({
  /** `valid`: issued and current; `missing`: not issued yet; `expired`; `error`: issuing failed. */
  state: z.enum(['valid', 'missing', 'expired', 'error']),
  /** ISO time the certificate stops being valid. */
  notAfter: z.string().nullable(),
  /** Whether the CA that signed it is installed in a trust store. */
  trusted: z.boolean(),
  names: z.array(z.string()),
  problem: z.string().nullable(),
});
export type CertificateState = z.output<typeof CertificateStateSchema>;

export const DomainStateSchema = z.object({
  host: z.string(),
  target: z.string(),
  enabled: z.boolean(),
  tls: z.boolean(),
  rewriteHost: z.boolean(),
  forwardedHeader: z.boolean(),
  /** The URL to open, with the real (maybe fallback) port. */
  url: z.string(),
  /** `up`: the dev server accepts connections; `down`: it refused the last one. */
  health: z.enum(['up', 'down', 'unknown']),
  certificate: CertificateStateSchema.nullable(),
});
export type DomainState = z.output<typeof DomainStateSchema>;

export const SettingsSchema = z.object({
  proxy: ProxySettingsSchema,
  timeouts: TimeoutSettingsSchema,
  inspector: InspectorSettingsSchema,
  trustedProxies: z.array(z.string()),
  defaultTld: z.string(),
});
export type Settings = z.output<typeof SettingsSchema>;

export const SettingsPatchSchema = z.object({
  proxy: patchSchemaOf(ProxySettingsSchema).optional(),
  timeouts: patchSchemaOf(TimeoutSettingsSchema).optional(),
  inspector: patchSchemaOf(InspectorSettingsSchema).optional(),
  trustedProxies: z.array(z.string()).optional(),
  defaultTld: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
});

export const CaStatusSchema = z.object({
  /** Where mkcert keeps the CA (`CAROOT`). */
  caroot: z.string().nullable(),
  /** Whether a CA certificate exists there. */
  exists: z.boolean(),
  /** The mkcert binary in use and how it was found, or null. */
  mkcert: z.object({ path: z.string(), source: z.string(), version: z.string() }).nullable(),
  mkcertProblem: z.string().nullable(),
  /** Per trust store: true trusted, false not, null unknown / not present on this machine. */
  trust: z.object({
    /** The OS store (Linux anchors; macOS/Windows: null, not checked). */
    system: z.boolean().nullable(),
    /** The shared NSS database `~/.pki/nssdb` (Chrome and Chromium on Linux). */
    nss: z.boolean().nullable(),
    /** Every Firefox profile. */
    firefox: z.boolean().nullable(),
  }),
  /** The shell line that makes Node tools trust the CA. */
  nodeExtraCaCerts: z.string().nullable(),
  /** When the CA certificate expires. */
  notAfter: z.string().nullable(),
});
export type CaStatus = z.output<typeof CaStatusSchema>;

export const LoginItemSchema = z.object({
  /** Only the desktop app can start at login; the headless engine answers false. */
  supported: z.boolean(),
  openAtLogin: z.boolean(),
});
export type LoginItem = z.output<typeof LoginItemSchema>;

const HostParams = z.object({ host: HostSchema });
const Empty = z.object({}).default({});
const Ok = z.object({ ok: z.literal(true) });

// ── Methods ──────────────────────────────────────────────────────────────────────────────

function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R, summary: string) {
  return { params, result, summary };
}

export const methods = {
  getStatus: method(Empty, EngineStatusSchema, 'The engine: ports, pause state, problems.'),
  setPaused: method(
    z.object({ paused: z.boolean() }),
    EngineStatusSchema,
    'Pause or resume every domain.',
  ),

  listDomains: method(Empty, z.array(DomainStateSchema), 'Every domain with its state.'),
  addDomain: method(
    z.object({
      host: HostSchema,
      target: TargetSchema,
      tls: z.boolean().optional(),
      rewriteHost: z.boolean().optional(),
      forwardedHeader: z.boolean().optional(),
    }),
    DomainStateSchema,
    'Add a domain.',
  ),
  updateDomain: method(
    z.object({
      host: HostSchema,
      target: TargetSchema.optional(),
      tls: z.boolean().optional(),
      rewriteHost: z.boolean().optional(),
      forwardedHeader: z.boolean().optional(),
      rename: HostSchema.optional(),
    }),
    DomainStateSchema,
    'Change a domain.',
  ),
  removeDomain: method(HostParams, Ok, 'Remove a domain.'),
  setDomainEnabled: method(
    z.object({ host: HostSchema, enabled: z.boolean() }),
    DomainStateSchema,
    'Turn a domain on or off.',
  ),

  getSettings: method(Empty, SettingsSchema, 'The settings.'),
  updateSettings: method(SettingsPatchSchema, SettingsSchema, 'Change settings.'),

  getLoginItem: method(Empty, LoginItemSchema, 'Whether the app starts at login (desktop only).'),
  setLoginItem: method(
    z.object({ openAtLogin: z.boolean() }),
    LoginItemSchema,
    'Start the app at login, or not (desktop only).',
  ),

  getCaStatus: method(Empty, CaStatusSchema, 'The local CA and where it is trusted.'),
  trustCa: method(Empty, CaStatusSchema, 'Install the local CA in the trust stores.'),
  untrustCa: method(Empty, CaStatusSchema, 'Remove the local CA from the trust stores.'),
  regenerateCertificate: method(
    HostParams,
    CertificateStateSchema,
    'Issue a new certificate for a domain.',
  ),

  listExchanges: method(
    ExchangeFilterSchema.default({}),
    z.array(ExchangeSummarySchema),
    'Recent exchanges, newest first.',
  ),
  getExchange: method(
    z.object({ id: z.string() }),
    ExchangeSchema,
    'One exchange with headers and bodies.',
  ),
  listExchangeDetails: method(
    ExchangeFilterSchema.default({}),
    z.array(ExchangeSchema),
    'Recent exchanges with headers, newest first (the CLI `requests --json`).',
  ),
  clearExchanges: method(Empty, Ok, 'Forget every recorded exchange.'),
  replayExchange: method(
    z.object({ id: z.string() }),
    z.object({ id: z.string() }),
    'Send a recorded request again.',
  ),
  exportHar: method(
    z.object({ ids: z.array(z.string()).optional() }).default({}),
    z.unknown(),
    'HAR 1.2 of the exchanges.',
  ),
  curlForExchange: method(
    z.object({ id: z.string() }),
    z.object({ command: z.string() }),
    'A curl command that repeats it.',
  ),
  setCapture: method(
    z.object({ captureBodies: z.boolean().optional(), redact: z.boolean().optional() }),
    SettingsSchema,
    'Switch body capture and redaction.',
  ),

  runDoctor: method(
    z.object({ host: HostSchema.optional() }).default({}),
    DoctorReportSchema,
    'Diagnose every domain (or one): each check with pass/warn/fail, what was seen and the fix.',
  ),
  hostsStatus: method(
    Empty,
    HostsStatusSchema,
    'The hosts-file block Portico manages for names outside .localhost, and why it is stale.',
  ),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type ParamsOf<M extends MethodName> = z.input<Methods[M]['params']>;
export type ParsedParamsOf<M extends MethodName> = z.output<Methods[M]['params']>;
export type ResultOf<M extends MethodName> = z.output<Methods[M]['result']>;

export const methodNames: readonly MethodName[] = METHOD_NAMES;

// The preload's name list (method-names.ts) must be exactly the contract's methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<(typeof METHOD_NAMES)[number], MethodName> = true;
void namesMatch;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

/** What a client of the engine can call: one async function per method. */
export type EngineApi = { [M in MethodName]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** What the engine implements: handlers get params already parsed by the schema. */
export type EngineHandlers = {
  [M in MethodName]: (params: ParsedParamsOf<M>) => Promise<ResultOf<M>>;
};

// ── Events ───────────────────────────────────────────────────────────────────────────────

export const events = {
  /** The domain list changed (added, removed, toggled, health or certificate changed). */
  domains: z.array(DomainStateSchema),
  status: EngineStatusSchema,
  /** New or updated exchanges, batched (a few per 100 ms at most). */
  exchanges: z.object({ upserted: z.array(ExchangeSummarySchema) }),
  exchangesCleared: z.object({}),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const eventNames = Object.keys(events) as EventName[];

export interface EventMessage<E extends EventName = EventName> {
  event: E;
  payload: EventPayload<E>;
}
