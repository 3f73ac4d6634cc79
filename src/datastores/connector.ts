import type { Datastore, DatastoreCollection } from '../map/index.js';
import type { Condition } from './count.js';

/**
 * A value as a connector reads it. Drivers' own types are brought to these: dates as Date,
 * 64-bit integers and decimals as strings, binary as Uint8Array.
 */
export type Value = string | number | boolean | Date | Uint8Array | null;

/** One row, by column name. */
export type Row = Readonly<Record<string, Value>>;

/** The primary key of one row, in the order of the collection's `primaryKey`. */
export type RowKey = readonly Value[];

/** Rows whose `field` holds one of `values`; a find takes several and returns rows matching any. */
export interface Match {
  readonly fields: readonly string[];
  /** Tuples in the order of `fields` (one element each for a one-column match). */
  readonly values: readonly (readonly Value[])[];
  /**
   * Compare the one field case-insensitively (an email: `Some.One@Example.com` is
   * `some.one@example.com`), with the values given in lower case. SQL connectors pick per column
   * how (docs/datastores.md, "How identities compare"); an HTTP endpoint gets the flag.
   */
  readonly caseInsensitive?: boolean;
}

/** One change to one collection, applied to the rows named by their primary keys. */
export type Change =
  | { readonly op: 'delete'; readonly collection: string; readonly keys: readonly RowKey[] }
  | {
      readonly op: 'update';
      readonly collection: string;
      readonly keys: readonly RowKey[];
      /** New values per column, the same for every row (null, a mask, a flag). */
      readonly set?: Readonly<Record<string, Value>>;
      /** Values per row, in the order of `keys` (keyed hashes, generalised dates, rectified values). */
      readonly perRow?: readonly Readonly<Record<string, Value>>[];
    };

/** The live shape of a database, as introspection reads it. */
export interface LiveSchema {
  readonly tables: readonly LiveTable[];
}

export interface LiveTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly LiveColumn[];
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly LiveForeignKey[];
  /** The table's indexes, when introspection reads them. */
  readonly indexes?: readonly LiveIndex[];
  /** Estimated rows, when the database keeps statistics. */
  readonly rows?: number;
}

export interface LiveColumn {
  readonly name: string;
  /**
   * The database's own type, lower-case and with its modifiers (`text`, `character varying(20)`,
   * `varchar(20)`, `tinyint(1)`, `timestamp with time zone`).
   */
  readonly type: string;
  readonly nullable: boolean;
  /**
   * The most characters a text column holds (`varchar(20)`: 20); absent when unbounded or not
   * text. Erase strategies cut what they write to it, so an erasure never fails on length.
   */
  readonly maxLength?: number;
  /**
   * PostgreSQL's type id (`atttypid`), with which a connector reads the column's text the way
   * its driver reads the type; absent on MySQL.
   */
  readonly typeId?: number;
  /**
   * The column's own comparison ignores case: PostgreSQL's citext or a nondeterministic
   * case-insensitive collation, a MySQL/MariaDB `*_ci` collation. A case-insensitive lookup then
   * compares it as it is, and a plain index on it serves.
   */
  readonly caseInsensitive?: boolean;
}

/** How `Connector.sample` bounds its one statement. */
export interface SampleOptions {
  /** The most values returned. */
  readonly limit: number;
  /** The statement is cancelled after this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * PostgreSQL: the percentage of the table's pages read (`TABLESAMPLE SYSTEM`), for tables so big
   * that a plain `limit` would read only their first pages or, for a sparse column, all of them.
   */
  readonly pagesPercent?: number;
}

/** One index: its key parts in order, each a column name or an expression (`lower(email)`). */
export interface LiveIndex {
  readonly name: string;
  /** As the database prints them; an expression MySQL does not tell is ''. */
  readonly keys: readonly string[];
}

export interface LiveForeignKey {
  readonly name: string;
  readonly columns: readonly string[];
  readonly references: {
    readonly schema: string;
    readonly table: string;
    readonly columns: readonly string[];
  };
}

/**
 * What Custodian needs of a datastore holding personal data: find the rows that match, change
 * the rows it names, and (for databases) tell its shape. Small on purpose: an HTTP connector
 * calling a company's own endpoint is the same contract over the wire.
 *
 * Implementations take collection and column names only from validated declarations and quote
 * them; every value travels as a parameter.
 */
export interface ApplyOptions {
  /**
   * Awaited after the changes and before they commit; when it throws, nothing is committed. An
   * erasure stores its frozen plan meanwhile, so the plan is durable before the data changes.
   */
  readonly beforeCommit?: () => Promise<void>;
}

/** One find of `findMany`. */
export interface FindRead {
  readonly collection: DatastoreCollection;
  readonly matches: readonly Match[];
}

/** One page of a collection's rows in primary-key order (keyset pagination), for sweeps and scans. */
export interface PageOptions {
  /** Only rows matching this. */
  readonly where: Condition;
  /** Rows whose primary key comes after this one; from the first row when absent. */
  readonly after?: RowKey;
  readonly limit: number;
  /** Columns returned besides the primary key's, which always are. Declared columns only. */
  readonly columns: readonly string[];
  /** The statement is cancelled after this many milliseconds. */
  readonly timeoutMs: number;
}

/** Where a sweep's next batch ends (`Connector.bound`). */
export type BoundOptions = Omit<PageOptions, 'columns'>;

/** The key of a page's last row, and how many rows the page holds. */
export interface Bound {
  readonly through: RowKey;
  readonly rows: number;
}

/**
 * A delete of the rows matching `where` (a sweep's keyset range and its rule), in one short
 * transaction that locks and re-checks them first, within the same limits as a `LockedChange`.
 */
export interface DeleteWhere {
  readonly collection: DatastoreCollection;
  readonly where: Condition;
  /** The longest wait for a row lock; then `datastore.locked`, and nothing is changed. */
  readonly lockTimeoutMs: number;
  /** The longest any one statement may run; then `datastore.timeout`, and nothing is changed. */
  readonly statementTimeoutMs: number;
}

/**
 * A change made in one short transaction that first locks the rows it names, re-checked against
 * `where` (so a row that changed since it was read is left alone), waiting at most
 * `lockTimeoutMs` for a lock the company's application holds.
 */
export interface LockedChange {
  readonly collection: DatastoreCollection;
  readonly keys: readonly RowKey[];
  /** Of `keys`, only rows still matching this are locked and given to `changes`. */
  readonly where: Condition;
  /** Columns read from the locked rows besides the primary key's. Declared columns only. */
  readonly columns: readonly string[];
  /**
   * Rows of other collections of this datastore deleted first, in the same transaction: those
   * whose `fields` hold the `toFields` values of a locked row (rows part of it that have no
   * retention of their own). Their counts come back as `dependents`.
   */
  readonly dependents?: readonly {
    readonly collection: DatastoreCollection;
    readonly fields: readonly string[];
    readonly toFields: readonly string[];
  }[];
  /**
   * `changes` deletes every locked row of `collection` and nothing else, and there are no
   * `dependents`: the connector may lock, re-check and delete in one statement (PostgreSQL,
   * MariaDB), and then does not call `changes` and gives back the count alone (`locked` empty).
   */
  readonly deletesLocked?: boolean;
  /** The changes to apply, in order, in the same transaction, given the locked rows. */
  readonly changes: (locked: readonly Row[]) => readonly Change[];
  /** The longest wait for a row lock; then `datastore.locked`, and nothing is changed. */
  readonly lockTimeoutMs: number;
  /** The longest any one statement may run; then `datastore.timeout`, and nothing is changed. */
  readonly statementTimeoutMs: number;
}

/** What `lockAndApply` did: the rows it locked, each change's count, each dependent's count. */
export interface LockedResult {
  readonly locked: Row[];
  readonly counts: number[];
  readonly dependents: number[];
}

export interface Connector {
  readonly datastore: Datastore;
  /**
   * Finds a search may run at once (a pool's connections); 1 when absent. PGlite has one
   * connection, and queueing reads on it only costs.
   */
  readonly readsAtOnce?: number;
  /** Rows of the collection matching any of the matches (OR), with all their columns (Art. 15: a copy of the data). */
  find(collection: DatastoreCollection, matches: readonly Match[]): Promise<Row[]>;
  /**
   * Several finds at once, the rows of each as `find` gives them, in order: a search round in one
   * statement where the database allows (PostgreSQL, PGlite). Optional; a search falls back on
   * `find`.
   */
  findMany?(reads: readonly FindRead[]): Promise<Row[][]>;
  /**
   * Applies the changes in one transaction and returns the rows each touched, in order. Re-applying
   * the same changes is harmless: deleting a deleted row or setting a value already set is no error.
   */
  apply(changes: readonly Change[], options?: ApplyOptions): Promise<number[]>;
  /**
   * How many rows of the collection match `where` (retention plans); absent for connectors that
   * cannot count (HTTP).
   */
  count?(collection: DatastoreCollection, where: Condition): Promise<number>;
  /** One keyset page of rows (retention sweeps, on-arrival scans); absent for HTTP. */
  page?(collection: DatastoreCollection, options: PageOptions): Promise<Row[]>;
  /**
   * Locks the named rows still matching `where` and applies what `changes` makes of them, in one
   * transaction bounded by the lock and statement timeouts. Returns the rows locked and each
   * change's count. Absent for HTTP.
   */
  lockAndApply?(work: LockedChange): Promise<LockedResult>;
  /**
   * Where the next keyset page would end, without reading its rows: the key of its last row and
   * how many rows it holds; `undefined` when no row matches. Absent for HTTP.
   */
  bound?(collection: DatastoreCollection, options: BoundOptions): Promise<Bound | undefined>;
  /** Deletes the rows matching `where`, locked and re-checked, and returns how many. Absent for HTTP. */
  deleteWhere?(work: DeleteWhere): Promise<number>;
  /** The live schema; absent for connectors that cannot tell (HTTP). */
  introspect?(): Promise<LiveSchema>;
  /**
   * Up to `options.limit` non-null values of one column of a live table, as text, in ONE bounded,
   * read-only statement with a statement timeout (the discovery scan, src/discovery/scan.ts).
   * Absent for connectors that cannot be sampled (HTTP).
   */
  sample?(table: LiveTable, column: string, options: SampleOptions): Promise<string[]>;
  close(): Promise<void>;
}
