/**
 * The configuration file (`config.json` in the data dir): its schema, defaults and types.
 * The JSDoc on each field is the user documentation of the config.
 */
import { z } from 'zod';
import { checkHost } from './host-name';
import { checkTarget } from './target';

export const CONFIG_VERSION = 1;

/** A TCP port; 0 asks the OS for a free one (useful for tests and scripts). */
export const PortSchema = z.number().int().min(0).max(65535);

/** A host name as a user gives it; normalised and checked with the shared rules. */
export const HostSchema = z.string().transform((value, ctx) => {
  const check = checkHost(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  }
  return check.host;
});

/** A target as a user gives it (`5173`, `http://127.0.0.1:8000`), normalised to a URL. */
export const TargetSchema = z.string().transform((value, ctx) => {
  const check = checkTarget(value);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: check.message });
    return z.NEVER;
  }
  return check.url;
});

export const DomainConfigSchema = z.object({
  /** The name browsers use: `shop.localhost`, or `*.shop.localhost` for every subdomain. */
  host: HostSchema,
  /** Where requests go: a normalised URL such as `http://localhost:5173`. */
  target: TargetSchema,
  /** Paused domains answer 503 instead of forwarding. */
  enabled: z.boolean().default(true),
  /** Serve over HTTPS (plain HTTP requests are redirected to it). */
  tls: z.boolean().default(true),
  /** Send the target's host as `Host` instead of the client's (for servers that insist). */
  rewriteHost: z.boolean().default(false),
  /** Also send the RFC 7239 `Forwarded` header. */
  forwardedHeader: z.boolean().default(false),
});
export type DomainConfig = z.output<typeof DomainConfigSchema>;

export const ProxySettingsSchema = z.object({
  /** Port for plain HTTP; 80 where the OS allows it. */
  httpPort: PortSchema.default(80),
  /** Port for HTTPS; 443 where the OS allows it. */
  httpsPort: PortSchema.default(443),
  /** Used when `httpPort` is not permitted or in use. */
  fallbackHttpPort: PortSchema.default(8080),
  /** Used when `httpsPort` is not permitted or in use. */
  fallbackHttpsPort: PortSchema.default(8443),
});

export const TimeoutSettingsSchema = z.object({
  /** How long to wait for the dev server to accept a connection: a dead backend fails fast. */
  connectMs: z.number().int().min(100).max(120_000).default(3_000),
  /** Longest silence between bytes from the dev server before the request gets a 504. */
  readMs: z.number().int().min(1_000).max(3_600_000).default(120_000),
});

export const InspectorSettingsSchema = z.object({
  /** How many exchanges the inspector keeps (older ones are dropped). */
  capacity: z.number().int().min(10).max(100_000).default(1_000),
  /** Capture request and response bodies (capped at `maxBodyBytes` each). */
  captureBodies: z.boolean().default(false),
  /** Largest body kept per message, in bytes. */
  maxBodyBytes: z
    .number()
    .int()
    .min(0)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
  /** Hide the values of Cookie, Set-Cookie, Authorization and Proxy-Authorization. */
  redact: z.boolean().default(true),
});

export const ConfigSchema = z
  .object({
    /** The file format's version; Portico migrates older versions when it reads them. */
    version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION),
    proxy: ProxySettingsSchema.default(() => ProxySettingsSchema.parse({})),
    timeouts: TimeoutSettingsSchema.default(() => TimeoutSettingsSchema.parse({})),
    inspector: InspectorSettingsSchema.default(() => InspectorSettingsSchema.parse({})),
    /**
     * Addresses of proxies in front of Portico whose `X-Forwarded-*` headers are believed
     * and appended to. Everyone else's are replaced: a browser cannot spoof its address.
     */
    trustedProxies: z.array(z.string()).default([]),
    /** The TLD the UI suggests for new domains. */
    defaultTld: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .default('localhost'),
    /** Pause every domain at once (each keeps its own on/off state). */
    paused: z.boolean().default(false),
    domains: z.array(DomainConfigSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.domains.forEach((domain, index) => {
      if (seen.has(domain.host)) {
        ctx.addIssue({
          code: 'custom',
          path: ['domains', index, 'host'],
          message: `${domain.host} is listed twice.`,
        });
      }
      seen.add(domain.host);
    });
  });
export type PorticoConfig = z.output<typeof ConfigSchema>;
export type PorticoConfigInput = z.input<typeof ConfigSchema>;

export function defaultConfig(): PorticoConfig {
  return ConfigSchema.parse({});
}

/** One line per problem, with the JSON path: what a user needs to fix a hand-edited file. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/**
 * The same fields, each optional and WITHOUT its default: a patch says only what changes
 * (zod's `.partial()` keeps defaults, which would reset every field the patch leaves out).
 */
export function patchSchemaOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape as unknown as Record<string, z.ZodType>)) {
    shape[key] = (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : field).optional();
  }
  return z.object(shape as { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> });
}
