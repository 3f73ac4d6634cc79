import { Option, type Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import type { Io } from './main.js';
import { dataOption, urlOption, type Runtime, type StoreFlags } from './runtime-commands.js';

/** Runs work on the opened, migrated store, reporting a refusal as the other commands do. */
export type WithStore = (
  flags: StoreFlags,
  work: (store: Runtime) => Promise<void>,
) => Promise<void>;

/**
 * Adds `<parent> list`, the shape `keys list` and `users list` share: `--format text|json` and
 * the store flags; JSON is the list as it is, text one line per item; with nothing to list, a
 * hint on standard error.
 */
export function addListCommand<T>(
  parent: Command,
  io: Io,
  withStore: WithStore,
  spec: {
    readonly description: string;
    readonly load: (db: Kysely<Database>) => Promise<readonly T[]>;
    readonly line: (item: T) => string;
    /** Said on standard error when the list is empty. */
    readonly empty: string;
  },
): void {
  parent
    .command('list')
    .description(spec.description)
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags & { format: 'text' | 'json' }) => {
      await withStore(flags, async (store) => {
        const list = await spec.load(store.db);
        if (flags.format === 'json') {
          io.stdout(`${JSON.stringify(list, null, 2)}\n`);
          return;
        }
        for (const item of list) io.stdout(`${spec.line(item)}\n`);
        if (list.length === 0) io.stderr(`custodian: ${spec.empty}\n`);
      });
    });
}
