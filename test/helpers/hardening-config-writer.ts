/**
 * Child process for the SIGKILL test: opens the config store of the data dir in argv[2] and
 * changes the config in a loop, printing `wrote N` after each update resolved. The config's
 * only domain is `vN.localhost`, so the parent can tell which version is on disk.
 */
import { DomainConfigSchema } from '../../shared/config';
import { openConfigStore } from '../../electron/engine/config/config-store';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: hardening-config-writer <dataDir>');
  const store = await openConfigStore(dataDir);
  const current = /^v(\d+)\.localhost$/.exec(store.current().domains[0]?.host ?? '');
  let n = current ? Number(current[1]) : 0;
  process.stdout.write(`ready ${n}\n`);
  for (;;) {
    n++;
    await store.update((draft) => {
      draft.domains = [
        DomainConfigSchema.parse({ host: `v${n}.localhost`, target: '3000', tls: false }),
      ];
    });
    process.stdout.write(`wrote ${n}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
