import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CustodianError } from '../errors.js';
import type { Datastore } from '../map/index.js';
import { abortTrap, openPGlite } from '../store/index.js';
import type { Connector } from './connector.js';
import { httpConnector } from './http-connector.js';
import { mysqlConnector } from './mysql-connector.js';
import { pgliteConnector } from './pglite-connector.js';
import { postgresConnector } from './postgres-connector.js';

export interface OpenConnectorOptions {
  /** The directory of the map: PGlite data directories are relative to it. */
  readonly mapDir: string;
  /** Where `urlEnv` and `tokenEnv` are looked up; `process.env` when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The connector for a declared datastore. Secrets come from the environment variables the
 * declaration names; errors name the variable, never its value (a URL carries a password).
 * Databases are connected to lazily: an unreachable one fails the first call with
 * `datastore.unreachable`.
 */
export async function openConnector(
  datastore: Datastore,
  options: OpenConnectorOptions,
): Promise<Connector> {
  const env = options.env ?? process.env;
  const { connection } = datastore;
  switch (datastore.type) {
    case 'postgres':
      return postgresConnector(
        datastore,
        connectionUrl(datastore, env, ['postgres:', 'postgresql:']),
      );
    case 'mysql':
      return mysqlConnector(datastore, connectionUrl(datastore, env, ['mysql:', 'mariadb:']));
    case 'pglite': {
      const dataDir = path.resolve(
        options.mapDir,
        required(datastore, 'dataDir', connection.dataDir),
      );
      const found = await stat(dataDir).catch(() => undefined);
      if (!found?.isDirectory()) {
        throw new CustodianError(
          'datastore.unreachable',
          `datastore "${datastore.id}": the PGlite data directory ${connection.dataDir ?? ''} does not exist`,
          { details: { datastore: datastore.id } },
        );
      }
      // A PANIC (a full disk under its write-ahead log) stops this instance instead of spinning
      // the process (src/store/abort-trap.ts); the run fails and is retried.
      const trap = abortTrap(
        () =>
          new CustodianError(
            'datastore.unreachable',
            `datastore "${datastore.id}": its embedded database stopped after a fatal error (PostgreSQL PANIC); check the free space on its disk`,
            { details: { datastore: datastore.id } },
          ),
      );
      try {
        // Private as Custodian's own database: refused when others may read it.
        return pgliteConnector(
          datastore,
          await openPGlite(dataDir, { extensions: { custodianAbortTrap: trap } }),
        );
      } catch (error) {
        if (!(error instanceof CustodianError)) throw error;
        throw new CustodianError(error.code, `datastore "${datastore.id}": ${error.message}`, {
          cause: error,
          details: { ...error.details, datastore: datastore.id },
        });
      }
    }
    case 'http': {
      const url = required(datastore, 'url', connection.url);
      const token =
        connection.tokenEnv === undefined
          ? undefined
          : variable(datastore, env, connection.tokenEnv);
      return httpConnector(datastore, url, token);
    }
  }
}

/** The connection URL from the variable the declaration names, checked for its scheme. */
function connectionUrl(
  datastore: Datastore,
  env: Readonly<Record<string, string | undefined>>,
  protocols: readonly string[],
): string {
  const name = required(datastore, 'urlEnv', datastore.connection.urlEnv);
  const value = variable(datastore, env, name);
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new CustodianError(
      'datastore.connection',
      `datastore "${datastore.id}": ${name} does not hold a URL`,
      { details: { datastore: datastore.id, variable: name } },
    );
  }
  if (!protocols.includes(protocol)) {
    throw new CustodianError(
      'datastore.connection',
      `datastore "${datastore.id}": ${name} must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL for type ${datastore.type}`,
      { details: { datastore: datastore.id, variable: name } },
    );
  }
  return protocol === 'mariadb:' ? `mysql:${value.slice('mariadb:'.length)}` : value;
}

function variable(
  datastore: Datastore,
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new CustodianError(
      'datastore.connection',
      `datastore "${datastore.id}": environment variable ${name} is not set`,
      { details: { datastore: datastore.id, variable: name } },
    );
  }
  return value;
}

function required(datastore: Datastore, key: string, value: string | undefined): string {
  if (value === undefined) {
    throw new CustodianError(
      'datastore.connection',
      `datastore "${datastore.id}" of type ${datastore.type} needs connection.${key}`,
      { details: { datastore: datastore.id } },
    );
  }
  return value;
}
