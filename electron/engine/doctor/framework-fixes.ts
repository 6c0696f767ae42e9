/**
 * The settings that make common frameworks believe the proxy's forwarded headers, named
 * exactly, for the redirect-loop and client-address checks.
 */
export const TRUST_PROXY_SETTINGS = [
  "Express: app.set('trust proxy', 'loopback')",
  "Django: SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https') and USE_X_FORWARDED_HOST = True",
  "Laravel: the TrustProxies middleware — ->withMiddleware(fn ($m) => $m->trustProxies(at: '127.0.0.1')) (Laravel 11+), or $proxies = '127.0.0.1' in App\\Http\\Middleware\\TrustProxies",
  'Rails: config.assume_ssl = true (7.1+); ActionDispatch::RemoteIp already trusts loopback',
  "Next.js: in middleware read request.headers.get('x-forwarded-proto') instead of nextUrl.protocol; Auth.js/NextAuth: AUTH_TRUST_HOST=true",
];

export const CLIENT_ADDRESS_SETTINGS = [
  "Express: app.set('trust proxy', 'loopback'), then use req.ip",
  "Django: read request.META['HTTP_X_FORWARDED_FOR'] (or django-ipware), not REMOTE_ADDR",
  "Laravel: the TrustProxies middleware (trustProxies(at: '127.0.0.1')), then $request->ip()",
  'Rails: request.remote_ip (not request.ip)',
  "Next.js: request.headers.get('x-forwarded-for')",
];

export function settingsList(settings: readonly string[]): string {
  return settings.map((line) => `• ${line}`).join('\n');
}
