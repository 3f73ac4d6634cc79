import { CustodianError } from '../errors.js';
import type { Datastore, DatastoreCollection } from '../map/index.js';
import type { Change, Connector, LiveSchema, Match, Row, Value } from './connector.js';
import {
  changeStatements,
  findStatements,
  type SqlDialect,
  type Statement,
} from './sql-dialect.js';
import { keyText, toParam, toRow } from './values.js';

/** Runs one statement; rows as the driver returns them, and the rows a write touched. */
export type RunStatement = (
  sql: string,
  params: readonly unknown[],
) => Promise<{ rows: Record<string, unknown>[]; affected: number }>;

/** What a SQL connector needs of its driver: statements, a transaction, closing. */
export interface SqlSession {
  readonly run: RunStatement;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (run: RunStatement) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A connector over any SQL session: the statements are built from the declaration, quoted per
 * dialect, with every value a parameter. Driver errors become CustodianErrors that carry the
 * driver's code only: driver messages can quote the values of a row (MySQL's "Duplicate entry
 * 'ana@example.com'"), and those are personal data.
 */
export function sqlConnector(
  datastore: Datastore,
  dialect: SqlDialect,
  session: SqlSession,
  introspect: (run: RunStatement) => Promise<LiveSchema>,
): Connector {
  const guarded = <T>(what: string, work: () => Promise<T>): Promise<T> =>
    work().catch((error: unknown) => {
      throw driverError(datastore, what, error);
    });
  /**
   * The live schema, read once per connector (connectors are opened per run): a search reads it
   * for the foreign keys, and a change writing a column the declaration does not name checks it
   * again. A failed read is not kept, so the next asks again.
   */
  let schema: Promise<LiveSchema> | undefined;
  const liveSchema = (): Promise<LiveSchema> => {
    schema ??= guarded('reading the schema', () => introspect(session.run)).catch(
      (error: unknown) => {
        schema = undefined;
        throw error;
      },
    );
    return schema;
  };

  return {
    datastore,
    async find(collection: DatastoreCollection, matches: readonly Match[]): Promise<Row[]> {
      for (const match of matches) checkNames(match.fields);
      return await guarded(`reading "${collection.name}"`, async () => {
        const rows: Row[] = [];
        const seen = new Set<string>();
        for (const statement of findStatements(dialect, collection, matches)) {
          const result = await session.run(statement.sql, statement.params.map(toParam));
          for (const raw of result.rows) {
            const row = toRow(raw);
            const key = keyText(
              collection.primaryKey.map((column) => keyValue(datastore, collection, row, column)),
            );
            if (seen.has(key)) continue;
            seen.add(key);
            rows.push(row);
          }
        }
        return rows;
      });
    },
    async apply(changes: readonly Change[]): Promise<number[]> {
      const plan: Statement[][] = [];
      for (const change of changes) {
        const collection = collectionOf(datastore, change.collection);
        if (change.op === 'update') {
          const undeclared = undeclaredColumns(collection, [
            ...Object.keys(change.set ?? {}),
            ...(change.perRow ?? []).flatMap((row) => Object.keys(row)),
          ]);
          if (undeclared.length > 0) {
            await checkLinkColumns(datastore, collection, change, undeclared, liveSchema);
          }
          if (change.perRow !== undefined && change.perRow.length !== change.keys.length) {
            throw new CustodianError(
              'datastore.change_invalid',
              `an update of "${collection.name}" has ${change.perRow.length} rows of values for ${change.keys.length} keys`,
            );
          }
        }
        plan.push(changeStatements(dialect, collection, change));
      }
      return await guarded('applying changes', () =>
        session.transaction(async (run) => {
          const counts: number[] = [];
          for (const statements of plan) {
            let count = 0;
            for (const statement of statements) {
              count += (await run(statement.sql, statement.params.map(toParam))).affected;
            }
            counts.push(count);
          }
          return counts;
        }),
      );
    },
    introspect: liveSchema,
    close: () => session.close(),
  };
}

/**
 * One column of a found row's key. A key column the table does not return would make every row
 * look like the same row and drop the rest: that is a declaration to fix, not rows to lose.
 */
function keyValue(
  datastore: Datastore,
  collection: DatastoreCollection,
  row: Row,
  column: string,
): Value {
  const value = row[column];
  if (value === undefined) {
    throw new CustodianError(
      'datastore.undeclared_column',
      `"${datastore.id}.${collection.name}" has no column "${column}" of its declared primaryKey`,
      { details: { datastore: datastore.id, collection: collection.name, column } },
    );
  }
  return value;
}

/** The declared collection a change names; a plan naming another is a bug, not bad input. */
function collectionOf(datastore: Datastore, name: string): DatastoreCollection {
  const collection = datastore.collections.find((candidate) => candidate.name === name);
  if (collection === undefined) {
    throw new CustodianError(
      'datastore.unknown_collection',
      `datastore "${datastore.id}" declares no collection "${name}"`,
      { details: { datastore: datastore.id, collection: name } },
    );
  }
  return collection;
}

/**
 * Only columns the declaration names are written to: fields, keys, reference columns and the
 * restriction flag. Quoting makes other names safe, but a change to an undeclared column is a plan
 * that went wrong. Returns the columns outside the declaration.
 */
function undeclaredColumns(collection: DatastoreCollection, columns: readonly string[]): string[] {
  const declared = new Set<string>([
    ...collection.primaryKey,
    ...collection.fields.map((field) => field.name),
    ...collection.references.flatMap((reference) => reference.fields),
    ...(collection.restrictionFlag === undefined ? [] : [collection.restrictionFlag]),
  ]);
  return [...new Set(columns.filter((column) => !declared.has(column)))];
}

/**
 * The one write to undeclared columns allowed: nulling, in every row alike, the columns of a
 * foreign key the live table really has (an erasure detaching another person's row from the
 * erased one, src/execution/plan.ts). Anything else is `datastore.undeclared_column`.
 */
async function checkLinkColumns(
  datastore: Datastore,
  collection: DatastoreCollection,
  change: Extract<Change, { op: 'update' }>,
  undeclared: readonly string[],
  liveSchema: () => Promise<LiveSchema>,
): Promise<void> {
  const refuse = (column: string): CustodianError =>
    new CustodianError(
      'datastore.undeclared_column',
      `column "${column}" is not declared in "${datastore.id}.${collection.name}"`,
      { details: { datastore: datastore.id, collection: collection.name, column } },
    );
  const nulledOnly = (column: string): boolean =>
    change.set?.[column] === null &&
    (change.perRow ?? []).every((row) => !Object.hasOwn(row, column));
  const first = undeclared.find((column) => !nulledOnly(column));
  if (first !== undefined) throw refuse(first);
  const table = (await liveSchema()).tables.find(
    (candidate) =>
      candidate.name === collection.name &&
      (collection.schema === undefined || candidate.schema === collection.schema),
  );
  const keyColumns = new Set(table?.foreignKeys.flatMap((key) => key.columns) ?? []);
  const outside = undeclared.find(
    (column) =>
      !keyColumns.has(column) ||
      table?.columns.find((candidate) => candidate.name === column)?.nullable !== true,
  );
  if (outside !== undefined) throw refuse(outside);
}

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

/**
 * A find may use columns declared elsewhere (a reference from another datastore names this
 * collection's key), so it only needs plain names; quoting does the rest.
 */
function checkNames(columns: readonly string[]): void {
  if (columns.length === 0) {
    throw new CustodianError('datastore.match_width', 'a match names no column');
  }
  for (const column of columns) {
    if (!COLUMN_NAME.test(column)) {
      throw new CustodianError('datastore.undeclared_column', 'a match names an invalid column', {
        details: { column },
      });
    }
  }
}

/** Codes that mean the database cannot be reached or will not let us in. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  '28P01', // invalid_password
  '28000', // invalid_authorization_specification
  '3D000', // invalid_catalog_name: no such database
  '57P03', // cannot_connect_now
]);

/** Driver codes worth a word of explanation; the rest are shown as they are. */
const EXPLAINED: Readonly<Record<string, string>> = {
  '42P01': 'no such table',
  '42703': 'no such column',
  '3F000': 'no such schema',
  '42501': 'permission denied',
  '23503': 'a foreign key forbids it',
  ER_NO_SUCH_TABLE: 'no such table',
  ER_BAD_FIELD_ERROR: 'no such column',
  ER_ROW_IS_REFERENCED_2: 'a foreign key forbids it',
  ER_TABLEACCESS_DENIED_ERROR: 'permission denied',
};

/** A CustodianError for a driver error, naming the datastore and the driver's code, never values. */
export function driverError(datastore: Datastore, what: string, error: unknown): CustodianError {
  if (error instanceof CustodianError) return error;
  const code = codeOf(error);
  if (code !== undefined && UNREACHABLE.has(code)) {
    return new CustodianError(
      'datastore.unreachable',
      `datastore "${datastore.id}" cannot be reached (${code})`,
      { cause: error, details: { datastore: datastore.id, code } },
    );
  }
  const explained =
    code === undefined ? '' : ` (${code}${EXPLAINED[code] ? ` ${EXPLAINED[code]}` : ''})`;
  return new CustodianError(
    'datastore.query_failed',
    `datastore "${datastore.id}": ${what} failed${explained}`,
    { cause: error, details: { datastore: datastore.id, ...(code === undefined ? {} : { code }) } },
  );
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0) return code;
  const inner = (error as { errors?: unknown }).errors;
  return Array.isArray(inner) ? codeOf(inner[0]) : undefined;
}
