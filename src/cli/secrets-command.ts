import { createPublicKey } from 'node:crypto';
import path from 'node:path';
import { Option, type Command } from 'commander';
import {
  adoptSigningKey,
  forgetStoredSecret,
  forgetStoredSigningKey,
  keyIdOf,
  privateKeyPem,
  secretFingerprint,
  shortFingerprint,
  storedSecret,
  storedSigningKey,
  writePrivateFile,
  type Store,
} from '../store/index.js';
import { EXIT } from '../errors.js';
import type { Io } from './main.js';
import {
  dataOption,
  readConfiguredKeys,
  urlOption,
  withRuntime,
  type StoreFlags,
} from './runtime-commands.js';
import { describeSource, openKeys, type ConfiguredKeys, type KeySource } from './server-keys.js';

/** Exit codes, from the catalog (src/error-codes.ts): 1 a key or the database cannot be used, 2 nothing to do. */
const { failed: FAILED, usage: USAGE } = EXIT;

/**
 * Where a value in use comes from, as `secrets status` reports it: `missing` when the database
 * recorded one that is neither stored nor configured, `none` before the first is made.
 */
type Origin = 'environment' | 'database' | 'missing' | 'none';

interface ValueStatus {
  readonly origin: Origin;
  /** The variable (and file) it comes from, when from the environment. */
  readonly source?: string;
  /** The secret's fingerprint, or the signing key's id, in use (recorded, else configured). */
  readonly id?: string;
  /** Whether the database holds a copy of the private value. */
  readonly stored: boolean;
  /** The configured value is not the one the database recorded: commands refuse to start. */
  readonly mismatch: boolean;
}

/**
 * `custodian secrets status|export|forget|adopt-signing-key`: where the server secret and the
 * certificate signing key come from, and how to move them out of the database so that a dump or
 * a backup of it does not carry them.
 */
export function registerSecretsCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
): void {
  const secrets = program
    .command('secrets')
    .description(
      'the server secret and the certificate signing key: where they are, moving them out of the database',
    );

  secrets
    .command('status')
    .description(
      'where the secret and the signing key come from, their fingerprints, and whether the database holds copies',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(['text', 'json'])
        .default('text'),
    )
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags & { format: 'text' | 'json' }) => {
      const configured = await readConfiguredKeys(io, state);
      if (!configured) return;
      await withRuntime(io, state, flags, async (store) => {
        const secret = await secretStatus(store, configured);
        const signingKey = await signingKeyStatus(store, configured);
        if (flags.format === 'json') {
          io.stdout(`${JSON.stringify({ secret, signingKey }, null, 2)}\n`);
        } else {
          io.stdout(`${statusLine('secret', 'fingerprint', secret)}\n`);
          io.stdout(`${statusLine('signing key', 'key id', signingKey)}\n`);
          if (secret.stored || signingKey.stored) {
            io.stderr(
              'custodian: the database holds a copy of a key, and so does every dump of it; move them out with custodian secrets export, then custodian secrets forget\n',
            );
          }
        }
        const unusable = (status: ValueStatus): boolean =>
          status.mismatch || status.origin === 'missing';
        if (unusable(secret) || unusable(signingKey)) state.exitCode = FAILED;
      });
    });

  secrets
    .command('export')
    .description(
      'write the secret and the signing key in use to new files (mode 0600), to supply them from outside the database',
    )
    .option('--secret-file <file>', 'where to write the server secret (hex)')
    .option('--signing-key-file <file>', 'where to write the signing key (PKCS#8 PEM)')
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags & { secretFile?: string; signingKeyFile?: string }) => {
      if (flags.secretFile === undefined && flags.signingKeyFile === undefined) {
        io.stderr('custodian: give --secret-file, --signing-key-file, or both\n');
        state.exitCode = USAGE;
        return;
      }
      const configured = await readConfiguredKeys(io, state);
      if (!configured) return;
      await withRuntime(io, state, flags, async (store) => {
        const keys = await openKeys(store.db, configured);
        const files: { file: string; text: string; what: string; variable: string }[] = [];
        if (flags.secretFile !== undefined) {
          files.push({
            file: path.resolve(io.cwd, flags.secretFile),
            text: `${keys.secret.toString('hex')}\n`,
            what: `the server secret (fingerprint ${shortFingerprint(secretFingerprint(keys.secret))})`,
            variable: 'CUSTODIAN_SECRET_FILE',
          });
        }
        if (flags.signingKeyFile !== undefined) {
          files.push({
            file: path.resolve(io.cwd, flags.signingKeyFile),
            text: privateKeyPem(keys.signingKey),
            what: `the signing key (key id ${keys.signingKey.keyId})`,
            variable: 'CUSTODIAN_SIGNING_KEY_FILE',
          });
        }
        for (const { file, text, what } of files) {
          try {
            // Never over another file: it may be the only copy of another key.
            await writePrivateFile(file, text, { exclusive: true });
          } catch (cause) {
            const code = (cause as NodeJS.ErrnoException).code ?? 'error';
            io.stderr(
              `custodian: cannot write ${file} (${code === 'EEXIST' ? 'it exists; export never overwrites a file' : code})\n`,
            );
            state.exitCode = USAGE;
            return;
          }
          io.stdout(`wrote ${file}: ${what}\n`);
        }
        io.stderr(
          `next: set ${files.map(({ variable, file }) => `${variable}=${file}`).join(' and ')} for every custodian command, then run custodian secrets forget to remove ${files.length === 1 ? 'it' : 'them'} from the database\n`,
        );
      });
    });

  secrets
    .command('forget')
    .description(
      'remove the database copies of the secret and the signing key that the environment now supplies',
    )
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags) => {
      const configured = await readConfiguredKeys(io, state);
      if (!configured) return;
      if (configured.secret === undefined && configured.signingKey === undefined) {
        io.stderr(
          'custodian: nothing to forget: set CUSTODIAN_SECRET_FILE and CUSTODIAN_SIGNING_KEY_FILE to the files custodian secrets export wrote, then run this again\n',
        );
        state.exitCode = USAGE;
        return;
      }
      await withRuntime(io, state, flags, async (store) => {
        // Refused here when a configured value is not the one in use: nothing is removed then.
        await openKeys(store.db, configured);
        const said = (
          what: string,
          variable: string,
          source: KeySource | undefined,
          removed: boolean,
        ): void => {
          if (source === undefined)
            io.stdout(`${what} stays in the database: ${variable} is not set\n`);
          else if (removed)
            io.stdout(
              `removed ${what} from the database (${describeSource(source)} supplies it)\n`,
            );
          else io.stdout(`the database holds no copy of ${what}\n`);
        };
        const { secret, signingKey } = configured;
        said(
          'the server secret',
          'CUSTODIAN_SECRET_FILE',
          secret?.source,
          secret !== undefined && (await forgetStoredSecret(store.db, secret.value)),
        );
        said(
          'the signing key',
          'CUSTODIAN_SIGNING_KEY_FILE',
          signingKey?.source,
          signingKey !== undefined && (await forgetStoredSigningKey(store.db, signingKey.value)),
        );
        io.stderr(
          'custodian: from now on every command needs them from the environment; backups made before now still hold them\n',
        );
      });
    });

  secrets
    .command('adopt-signing-key')
    .description(
      'sign certificates with the configured key from now on (a new key, e.g. after a compromise); prints the previous public key',
    )
    .addOption(dataOption())
    .addOption(urlOption())
    .action(async (flags: StoreFlags) => {
      const configured = await readConfiguredKeys(io, state);
      if (!configured) return;
      const key = configured.signingKey?.value;
      if (key === undefined) {
        io.stderr(
          'custodian: set CUSTODIAN_SIGNING_KEY_FILE to the new key first (openssl genpkey -algorithm ed25519 -out key.pem; chmod 600 key.pem)\n',
        );
        state.exitCode = USAGE;
        return;
      }
      await withRuntime(io, state, flags, async (store) => {
        const previous = await adoptSigningKey(store.db, key);
        io.stdout(`erasure certificates are signed with key id ${key.keyId} from now on\n`);
        if (previous !== undefined) {
          io.stdout(
            `certificates issued until now are signed with key id ${keyIdOf(createPublicKey(previous))}; keep its public key to check them:\n${previous}`,
          );
        }
      });
    });
}

async function secretStatus(
  store: Pick<Store, 'db'>,
  configured: ConfiguredKeys,
): Promise<ValueStatus> {
  const stored = await storedSecret(store.db);
  const recorded =
    stored.fingerprint ??
    (stored.secret === undefined ? undefined : secretFingerprint(stored.secret));
  const outside = configured.secret;
  const mine = outside === undefined ? undefined : secretFingerprint(outside.value);
  const id = recorded ?? mine;
  return {
    origin: origin(outside !== undefined, stored.secret !== undefined, id !== undefined),
    ...(outside === undefined ? {} : { source: describeSource(outside.source) }),
    ...(id === undefined ? {} : { id: shortFingerprint(id) }),
    stored: stored.secret !== undefined,
    mismatch: mine !== undefined && recorded !== undefined && mine !== recorded,
  };
}

async function signingKeyStatus(
  store: Pick<Store, 'db'>,
  configured: ConfiguredKeys,
): Promise<ValueStatus> {
  const stored = await storedSigningKey(store.db);
  const recorded =
    stored.publicKey === undefined ? stored.key?.keyId : keyIdOf(createPublicKey(stored.publicKey));
  const outside = configured.signingKey;
  const mine = outside?.value.keyId;
  const id = recorded ?? mine;
  return {
    origin: origin(outside !== undefined, stored.key !== undefined, id !== undefined),
    ...(outside === undefined ? {} : { source: describeSource(outside.source) }),
    ...(id === undefined ? {} : { id }),
    stored: stored.key !== undefined,
    mismatch: mine !== undefined && recorded !== undefined && mine !== recorded,
  };
}

function origin(configured: boolean, stored: boolean, recorded: boolean): Origin {
  if (configured) return 'environment';
  if (stored) return 'database';
  return recorded ? 'missing' : 'none';
}

function statusLine(what: string, idName: string, status: ValueStatus): string {
  const from = {
    environment: `from ${status.source ?? 'the environment'}`,
    database: 'from the database',
    missing: 'MISSING: kept outside the database and not configured',
    none: 'not made yet (the first serve or requests command makes it)',
  }[status.origin];
  return [
    what.padEnd(12),
    from,
    ...(status.id === undefined
      ? []
      : [
          `${idName} ${status.id}${status.mismatch ? ' (the configured one DIFFERS: refused)' : ''}`,
        ]),
    `copy in the database: ${status.stored ? 'yes' : 'no'}`,
  ].join('  ');
}
