import type { LiveForeignKey, LiveIndex, LiveSchema } from './connector.js';
import type { RunStatement } from './sql-connector.js';

/**
 * The tables of the connection's database, from information_schema. MariaDB and MySQL spell the
 * column names of information_schema in capitals; every select aliases them.
 */
export async function introspectMysql(run: RunStatement): Promise<LiveSchema> {
  const tables = await run(
    `select table_schema as sch, table_name as name, table_rows as est
       from information_schema.tables
      where table_schema = database() and table_type = 'BASE TABLE'
      order by table_name`,
    [],
  );
  const columns = await run(
    // column_type, not data_type: `varchar(20)` and `tinyint(1)` (a boolean) keep their sizes.
    `select table_name as tbl, column_name as name, column_type as type, is_nullable as nullable,
            character_maximum_length as max_length, collation_name as coll
       from information_schema.columns
      where table_schema = database()
      order by table_name, ordinal_position`,
    [],
  );
  const keys = await run(
    `select table_name as tbl, constraint_name as name, column_name as col,
            referenced_table_schema as ref_schema, referenced_table_name as ref_table,
            referenced_column_name as ref_col
       from information_schema.key_column_usage
      where table_schema = database()
        and (constraint_name = 'PRIMARY' or referenced_table_name is not null)
      order by table_name, constraint_name, ordinal_position`,
    [],
  );
  const indexes = await indexKeys(run);
  return {
    tables: tables.rows.map((table) => {
      const name = String(table['name']);
      const own = keys.rows.filter((key) => key['tbl'] === name);
      const foreignKeys = new Map<
        string,
        LiveForeignKey & { columns: string[]; references: { columns: string[] } }
      >();
      for (const key of own) {
        if (key['name'] === 'PRIMARY') continue;
        const fkName = String(key['name']);
        let fk = foreignKeys.get(fkName);
        if (fk === undefined) {
          fk = {
            name: fkName,
            columns: [],
            references: {
              schema: String(key['ref_schema']),
              table: String(key['ref_table']),
              columns: [],
            },
          };
          foreignKeys.set(fkName, fk);
        }
        fk.columns.push(String(key['col']));
        fk.references.columns.push(String(key['ref_col']));
      }
      const estimate = table['est'];
      return {
        schema: String(table['sch']),
        name,
        columns: columns.rows
          .filter((column) => column['tbl'] === name)
          .map((column) => {
            const maxLength = Number(column['max_length'] ?? Number.NaN);
            return {
              name: String(column['name']),
              type: String(column['type']).toLowerCase(),
              nullable: column['nullable'] === 'YES',
              // `*_ci` collations compare case-insensitively (MariaDB's and MySQL's defaults).
              ...(text(column['coll']).endsWith('_ci') ? { caseInsensitive: true } : {}),
              // Characters, for char/varchar/text; the text types' limits too (tinytext: 255).
              ...(Number.isSafeInteger(maxLength) && maxLength > 0 ? { maxLength } : {}),
            };
          }),
        primaryKey: own.filter((key) => key['name'] === 'PRIMARY').map((key) => String(key['col'])),
        foreignKeys: [...foreignKeys.values()],
        indexes: indexes.get(name) ?? [],
        // InnoDB's table_rows is an estimate, which is all a draft needs.
        ...(estimate === null || estimate === undefined ? {} : { rows: Number(estimate) }),
      };
    }),
  };
}

/**
 * Each table's indexes with their key parts in order. MySQL 8 names a functional key part's
 * expression in `expression`, a column MariaDB does not have: asked for first, then without.
 */
async function indexKeys(run: RunStatement): Promise<Map<string, LiveIndex[]>> {
  const query = (expression: string) =>
    run(
      `select table_name as tbl, index_name as name, column_name as col, ${expression} as expr
         from information_schema.statistics
        where table_schema = database()
        order by table_name, index_name, seq_in_index`,
      [],
    );
  const result = await query('expression').catch(() => query('null'));
  const byTable = new Map<string, Map<string, string[]>>();
  for (const row of result.rows) {
    const table = String(row['tbl']);
    const named = byTable.get(table) ?? new Map<string, string[]>();
    byTable.set(table, named);
    const keys = named.get(String(row['name'])) ?? [];
    named.set(String(row['name']), keys);
    keys.push(row['col'] === null ? text(row['expr']) : text(row['col']));
  }
  return new Map(
    [...byTable].map(([table, named]) => [
      table,
      [...named].map(([name, keys]) => ({ name, keys })),
    ]),
  );
}

/** A text column's value; '' for null (an unknown expression, a column without a collation). */
function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
