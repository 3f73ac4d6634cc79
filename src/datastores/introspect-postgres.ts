import type { LiveForeignKey, LiveIndex, LiveSchema, LiveTable } from './connector.js';
import type { RunStatement } from './sql-connector.js';

/** Schemas PostgreSQL keeps for itself. */
const SYSTEM_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;

/**
 * The tables of every user schema, from pg_catalog (information_schema hides constraints of
 * tables the user does not own, and loses the column order of composite foreign keys).
 */
export async function introspectPostgres(run: RunStatement): Promise<LiveSchema> {
  const tables = await run(
    `select c.oid::int8::text as oid, n.nspname as schema, c.relname as name, c.reltuples::float8 as rows
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and not c.relispartition and ${SYSTEM_SCHEMAS}
      order by n.nspname, c.relname`,
    [],
  );
  const columns = await run(
    // The type with its modifier (`character varying(20)`); for char and varchar the modifier is
    // the length plus the 4 bytes of the varlena header.
    `select a.attrelid::int8::text as oid, a.attname as name,
            format_type(a.atttypid, a.atttypmod) as type, a.atttypid::int as type_id,
            not a.attnotnull as nullable,
            case when a.atttypid in ('bpchar'::regtype, 'varchar'::regtype) and a.atttypmod > 4
                 then a.atttypmod - 4 end as max_length,
            -- citext, or an ICU collation that ignores case (strength level1 or level2).
            ((select t.typname from pg_type t where t.oid = a.atttypid) = 'citext'
              or coalesce(not coll.collisdeterministic
                  and (to_jsonb(coll)::text like '%ks-level1%' or to_jsonb(coll)::text like '%ks-level2%'),
                false)) as case_insensitive
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_collation coll on coll.oid = a.attcollation
      where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and ${SYSTEM_SCHEMAS}
      order by a.attrelid, a.attnum`,
    [],
  );
  const constraints = await run(
    `select con.conrelid::int8::text as oid, con.conname as name, con.contype as kind,
            array(select a.attname::text from unnest(con.conkey) with ordinality k(num, i)
                    join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.num order by k.i) as columns,
            fn.nspname as ref_schema, f.relname as ref_table,
            array(select a.attname::text from unnest(con.confkey) with ordinality k(num, i)
                    join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.num order by k.i) as ref_columns
       from pg_constraint con
       join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace
       left join pg_class f on f.oid = con.confrelid left join pg_namespace fn on fn.oid = f.relnamespace
      where con.contype in ('p', 'f') and ${SYSTEM_SCHEMAS}
      order by con.conrelid, con.conname`,
    [],
  );

  const indexes = await run(
    // Each key part as PostgreSQL prints it: a column name, or an expression (`lower(email)`).
    // Partial indexes serve only the queries their predicate implies, so they are left out.
    `select i.indrelid::int8::text as oid, ic.relname as name,
            array(select pg_get_indexdef(i.indexrelid, k, true)
                    from generate_series(1, i.indnkeyatts::int) k order by k) as keys
       from pg_index i join pg_class ic on ic.oid = i.indexrelid
       join pg_class c on c.oid = i.indrelid join pg_namespace n on n.oid = c.relnamespace
      where i.indpred is null and ${SYSTEM_SCHEMAS}
      order by i.indrelid, ic.relname`,
    [],
  );

  const byTable = new Map<
    string,
    {
      table: Omit<LiveTable, 'columns' | 'primaryKey' | 'foreignKeys' | 'indexes'>;
      columns: LiveTable['columns'][number][];
      primaryKey: string[];
      foreignKeys: LiveForeignKey[];
      indexes: LiveIndex[];
    }
  >();
  for (const row of tables.rows) {
    const estimate = Number(row['rows']);
    byTable.set(String(row['oid']), {
      table: {
        schema: String(row['schema']),
        name: String(row['name']),
        // reltuples is -1 until the table is first vacuumed or analysed: unknown, not empty.
        ...(estimate >= 0 ? { rows: Math.round(estimate) } : {}),
      },
      columns: [],
      primaryKey: [],
      foreignKeys: [],
      indexes: [],
    });
  }
  for (const row of indexes.rows) {
    byTable
      .get(String(row['oid']))
      ?.indexes.push({ name: String(row['name']), keys: textArray(row['keys']) });
  }
  for (const row of columns.rows) {
    const maxLength = row['max_length'] === null ? undefined : Number(row['max_length']);
    byTable.get(String(row['oid']))?.columns.push({
      name: String(row['name']),
      type: String(row['type']).toLowerCase(),
      nullable: row['nullable'] === true,
      typeId: Number(row['type_id']),
      ...(row['case_insensitive'] === true ? { caseInsensitive: true } : {}),
      ...(maxLength === undefined || !Number.isFinite(maxLength) ? {} : { maxLength }),
    });
  }
  for (const row of constraints.rows) {
    const entry = byTable.get(String(row['oid']));
    if (entry === undefined) continue;
    const names = textArray(row['columns']);
    if (row['kind'] === 'p') entry.primaryKey.push(...names);
    else {
      entry.foreignKeys.push({
        name: String(row['name']),
        columns: names,
        references: {
          schema: String(row['ref_schema']),
          table: String(row['ref_table']),
          columns: textArray(row['ref_columns']),
        },
      });
    }
  }
  return {
    tables: [...byTable.values()].map(
      ({ table, columns: cols, primaryKey, foreignKeys, indexes: keys }) => ({
        ...table,
        columns: cols,
        primaryKey,
        foreignKeys,
        indexes: keys,
      }),
    ),
  };
}

/** A text[] as the driver returns it: an array (pg, PGlite) or its literal when no parser ran. */
function textArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string' && value.startsWith('{')) {
    const inner = value.slice(1, -1);
    return inner === '' ? [] : inner.split(',').map((item) => item.replace(/^"|"$/g, ''));
  }
  return [];
}
