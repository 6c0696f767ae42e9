/**
 * Reading and writing `config.json`: parse (JSON, then the shared schema) and say exactly
 * what is wrong and where (line and column for JSON syntax, the field path for schema
 * problems), so a person who hand-edited the file can fix it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigSchema, describeIssues, type PorticoConfig } from '../../../shared/config';
import { locateJsonError } from './json-error-position';

export const CONFIG_FILE = 'config.json';

export type ConfigRead =
  | { kind: 'missing' }
  | { kind: 'ok'; config: PorticoConfig; text: string }
  | { kind: 'corrupt'; problem: string; text: string };

export function configPath(dataDir: string): string {
  return path.join(dataDir, CONFIG_FILE);
}

/** The canonical text of a config: what the store writes (stable, diff-friendly). */
export function serialiseConfig(config: PorticoConfig): string {
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Parses a config file's text; `where` names the file in messages. */
export function parseConfigText(
  text: string,
  where: string,
): Exclude<ConfigRead, { kind: 'missing' }> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'corrupt', text, problem: `${where}: ${describeJsonError(text, message)}` };
  }
  if (typeof raw === 'object' && raw !== null && 'version' in raw) {
    const version = (raw as { version: unknown }).version;
    if (typeof version === 'number' && version > 1) {
      return {
        kind: 'corrupt',
        text,
        problem: `${where}: written by a newer Portico (format version ${version}); update Portico to use it.`,
      };
    }
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return { kind: 'corrupt', text, problem: `${where}: ${describeIssues(parsed.error)}` };
  }
  return { kind: 'ok', config: parsed.data, text };
}

/** Reads and parses a config file; a missing file is not an error. */
export async function readConfigFile(file: string): Promise<ConfigRead> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  return parseConfigText(text, file);
}

/** "invalid JSON at line 3, column 15: unexpected ','" (V8's message only as a last resort). */
export function describeJsonError(text: string, v8Message: string): string {
  const location = locateJsonError(text);
  if (location) {
    return `invalid JSON at line ${location.line}, column ${location.column}: ${location.message}`;
  }
  return `invalid JSON: ${v8Message.split('\n')[0]}`;
}
