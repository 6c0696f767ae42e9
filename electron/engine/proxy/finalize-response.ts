/**
 * Stage 4 of the pipeline: the response head the client gets. The upstream's hop-by-hop
 * headers (and those its `Connection` names) describe its connection to Portico, not
 * Portico's to the browser, so they are dropped; Node frames the body for the client.
 */
import { connectionNamedHeaders, isHopByHop } from './hop-by-hop';

/** The upstream's flat raw header list minus hop-by-hop headers, order and duplicates kept. */
export function responseHeadersToSend(rawHeaders: readonly string[]): string[] {
  const named = connectionNamedHeaders(rawHeaders);
  const sent: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (isHopByHop(name.toLowerCase(), named)) continue;
    sent.push(name, rawHeaders[i + 1] as string);
  }
  return sent;
}
