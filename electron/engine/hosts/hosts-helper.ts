/**
 * The small fixed program that writes Portico's hosts-file block, run with elevation
 * (pkexec / sudo -n, osascript "with administrator privileges", UAC) by hosts-elevation.ts.
 * It takes the names as data (JSON on stdin: {"hosts": [...]}, or --hosts-b64), validates
 * them, writes the block and prints one JSON line: {"ok":true,...} or {"ok":false,code,message}.
 * Exit status 0 on success, 1 on failure. Usage:
 *   node hosts-helper.js [--hosts-file /abs/path/hosts] [--hosts-b64 BASE64] < payload.json
 */
import { HostsError, writeHostsBlock } from './hosts-file';
import { helperInput, parseHelperArgs } from './hosts-helper-input';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function run(): Promise<number> {
  try {
    const args = parseHelperArgs(process.argv.slice(2));
    const stdin = args.b64 === undefined ? await readStdin() : '';
    const input = helperInput(args, stdin, process.env);
    const result = await writeHostsBlock(input.file, input.hosts);
    process.stdout.write(`${JSON.stringify({ ok: true, file: input.file, ...result })}\n`);
    return 0;
  } catch (error) {
    const code = error instanceof HostsError ? error.code : 'HOSTS_WRITE_FAILED';
    const message = error instanceof Error ? error.message : String(error);
    process.stdout.write(`${JSON.stringify({ ok: false, code, message })}\n`);
    return 1;
  }
}

void run().then((code) => {
  process.exitCode = code;
});
