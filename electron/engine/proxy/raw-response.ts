/**
 * Answers written straight to a socket, for upgrade requests (there is no ServerResponse
 * once Node hands an upgrade over). Always closes the socket after the answer.
 */
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { renderText, type Page } from './pages';

export function writeRawPage(socket: Socket, page: Page): [string, string][] {
  const body = renderText(page);
  const headers: [string, string][] = [
    ['content-type', 'text/plain; charset=utf-8'],
    ['content-length', String(Buffer.byteLength(body))],
    ['x-portico-error', page.code],
    ['connection', 'close'],
  ];
  if (socket.writable) {
    const head = headers.map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.end(
      `HTTP/1.1 ${page.status} ${STATUS_CODES[page.status] ?? page.title}\r\n${head}\r\n${body}`,
    );
  }
  socket.destroySoon();
  return headers;
}
