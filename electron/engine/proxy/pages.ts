/**
 * Portico's own answers (404 unknown host, 503 paused, 502/504 failures, 400, 508): small
 * pages a developer can act on — HTML for browsers, plain text for curl and scripts. Every
 * interpolated value is escaped: hosts and paths come from the client.
 */
import type { ServerResponse } from 'node:http';

export interface Page {
  status: number;
  title: string;
  message: string;
  /** Extra lines (e.g. the configured domains), shown as a list. */
  items?: readonly string[];
  /** Links for the items, same order (optional). */
  links?: readonly string[];
  /** Machine-readable reason, also sent as `X-Portico-Error`. */
  code: string;
  headers?: Record<string, string>;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:10vh auto;padding:0 1.5rem;color:#1d2433;background:#fff}
h1{font-size:1.35rem;margin:0 0 .5rem}p{margin:.5rem 0}code,li{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9em}
.s{color:#8a94a6;font-size:.85rem;margin-top:2rem}a{color:#2557d6}
@media (prefers-color-scheme:dark){body{background:#14171f;color:#dde3ee}.s{color:#7d879a}a{color:#8cb0ff}}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderHtml(page: Page): string {
  const items = page.items?.length
    ? `<ul>${page.items
        .map((item, i) => {
          const link = page.links?.[i];
          return link
            ? `<li><a href="${escapeHtml(link)}">${escapeHtml(item)}</a></li>`
            : `<li>${escapeHtml(item)}</li>`;
        })
        .join('')}</ul>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${page.status} ${escapeHtml(page.title)} · Portico</title><style>${STYLE}</style></head>
<body><h1>${page.status} ${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${items}
<p class="s">Portico · ${escapeHtml(page.code)}</p></body></html>\n`;
}

export function renderText(page: Page): string {
  const items = page.items?.length ? `\n${page.items.map((item) => `  - ${item}`).join('\n')}` : '';
  return `${page.status} ${page.title}: ${page.message}${items}\n`;
}

/** Writes the page if the response head is still unsent; returns the headers sent. */
export function sendPage(res: ServerResponse, page: Page, acceptsHtml: boolean): string[] {
  const body = acceptsHtml ? renderHtml(page) : renderText(page);
  const headers = [
    'content-type',
    acceptsHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'content-length',
    String(Buffer.byteLength(body)),
    'cache-control',
    'no-store',
    'x-content-type-options',
    'nosniff',
    'x-portico-error',
    page.code,
  ];
  for (const [name, value] of Object.entries(page.headers ?? {})) headers.push(name, value);
  res.writeHead(page.status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : body);
  return headers;
}

export function acceptsHtml(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes('text/html');
}
