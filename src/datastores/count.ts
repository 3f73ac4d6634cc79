import { CustodianError } from '../errors.js';
import type { DatastoreCollection } from '../map/index.js';
import type { Value } from './connector.js';
import { tableOf, type SqlDialect, type Statement } from './sql-dialect.js';

/**
 * A condition on the rows of a collection, for counting (retention plans): built from validated
 * declarations only, compiled with every name quoted and every value a parameter. `exists` reads a
 * related collection of the same datastore, linked column to column.
 */
export type Condition =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'before'; readonly column: string; readonly at: Date }
  | { readonly kind: 'after'; readonly column: string; readonly at: Date }
  | { readonly kind: 'atOrAfter'; readonly column: string; readonly at: Date }
  | { readonly kind: 'isNull'; readonly column: string }
  | { readonly kind: 'isTrue'; readonly column: string }
  | {
      readonly kind: 'in';
      readonly columns: readonly string[];
      readonly tuples: readonly (readonly Value[])[];
    }
  | { readonly kind: 'and' | 'or'; readonly of: readonly Condition[] }
  | { readonly kind: 'not'; readonly of: Condition }
  | {
      readonly kind: 'exists';
      readonly collection: DatastoreCollection;
      /** Pairs of (column of the outer row, column of the related row). */
      readonly link: readonly (readonly [string, string])[];
      readonly where: Condition;
    };

/** How long one count may run on PostgreSQL before it is cancelled (the collection then fails). */
export const COUNT_TIMEOUT_MS = 60_000;

/** The most tuples one `in` may hold: callers split larger sets and add the counts. */
export const COUNT_TUPLES = 500;

/** `select count(*)` of the rows of `collection` matching `where`. */
export function countStatement(
  dialect: SqlDialect,
  collection: DatastoreCollection,
  where: Condition,
): Statement {
  const params: Value[] = [];
  const sql = compile(dialect, where, 't0', 0, params);
  return {
    sql: `select count(*) as n from ${tableOf(dialect, collection)} t0 where ${sql}`,
    params,
  };
}

function compile(
  dialect: SqlDialect,
  condition: Condition,
  alias: string,
  depth: number,
  params: Value[],
): string {
  const column = (name: string, at = alias): string => `${at}.${dialect.quote(name)}`;
  const hole = (value: Value): string => {
    params.push(value);
    return dialect.placeholder(params.length - 1);
  };
  switch (condition.kind) {
    case 'all':
      return '1 = 1';
    case 'none':
      return '1 = 0';
    case 'before':
      return `${column(condition.column)} < ${hole(condition.at)}`;
    case 'after':
      return `${column(condition.column)} > ${hole(condition.at)}`;
    case 'atOrAfter':
      return `${column(condition.column)} >= ${hole(condition.at)}`;
    case 'isNull':
      return `${column(condition.column)} is null`;
    case 'isTrue':
      return `${column(condition.column)} = ${hole(true)}`;
    case 'in': {
      if (condition.tuples.length === 0) return '1 = 0';
      if (condition.tuples.length > COUNT_TUPLES) {
        throw new CustodianError('datastore.change_invalid', 'too many keys in one count');
      }
      const target =
        condition.columns.length === 1
          ? column(condition.columns[0] ?? '')
          : `(${condition.columns.map((name) => column(name)).join(', ')})`;
      const groups = condition.tuples.map((tuple) =>
        tuple.length === 1
          ? hole(tuple[0] ?? null)
          : `(${tuple.map((value) => hole(value)).join(', ')})`,
      );
      return `${target} in (${groups.join(', ')})`;
    }
    case 'and':
    case 'or': {
      if (condition.of.length === 0) return condition.kind === 'and' ? '1 = 1' : '1 = 0';
      const parts = condition.of.map((part) => `(${compile(dialect, part, alias, depth, params)})`);
      return parts.join(` ${condition.kind} `);
    }
    case 'not':
      return `not (${compile(dialect, condition.of, alias, depth, params)})`;
    case 'exists': {
      const inner = `t${depth + 1}`;
      const link = condition.link
        .map(([outer, related]) => `${column(related, inner)} = ${column(outer)}`)
        .join(' and ');
      const where = compile(dialect, condition.where, inner, depth + 1, params);
      return `exists (select 1 from ${tableOf(dialect, condition.collection)} ${inner} where ${link} and (${where}))`;
    }
  }
}
