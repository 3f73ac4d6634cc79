import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MYSQL_DIALECT, POSTGRES_DIALECT } from '../../src/datastores/sql-dialect.js';
import { openPGlite } from '../../src/store/index.js';
import type { DbTarget } from '../datastores/fixture.js';
import { freshMysqlDatabase, withMysql } from '../support/mysql.js';
import { freshDatabase } from '../support/stores.js';

/**
 * A helpdesk's tickets for `specialCategories: purge`: `message` purged automatically, `note`
 * purged for review only, `subject` not purged. Texts in English, Dutch, French and German; the
 * first five reveal special categories (GDPR Art. 9(1), 10), the others do not.
 */
export const SPECIAL_TEXTS: readonly string[] = [
  'I have diabetes and take insulin every day, so please deliver before noon.',
  'Ik ben zwanger en kan de doos niet zelf dragen.',
  'Je suis membre du syndicat CGT, livrez au bureau syndical svp.',
  'Ich bin seit Jahren an Krebs erkrankt, bitte klingeln Sie zweimal.',
  'My husband was convicted of fraud last year; send the invoice to me.',
];
export const PLAIN_TEXTS: readonly string[] = [
  'Please deliver the parcel to the back door.',
  'Graag levering op dinsdag na vijf uur.',
  'Merci pour la livraison rapide du colis.',
  'Bitte rufen Sie mich morgen früh an.',
  'The blue chair arrived with a scratch on the left leg.',
];

/** Ticket id → its text: odd ids special, even ids plain, 1..10. */
export const FIRST_TICKETS: readonly (readonly [number, string])[] = SPECIAL_TEXTS.flatMap(
  (text, i) => [
    [2 * i + 1, text],
    [2 * i + 2, PLAIN_TEXTS[i] ?? ''],
  ],
);

/** The datastore declaration, YAML, for a map. */
export function helpdeskYaml(target: DbTarget, connection: string): string {
  return `  - id: helpdesk
    type: ${target}
    connection: ${connection}
    collections:
      - name: purge_tickets
        primaryKey: [id]
        fields:
          - { name: email, identity: email, categories: [contact.email] }
          - { name: subject, categories: [communications.message-content] }
          - name: message
            categories: [communications.message-content]
            specialCategories: { purge: automatic }
          - name: note
            categories: [communications.message-content]
            specialCategories: purge
`;
}

export interface Helpdesk {
  /** The connection as the declaration gives it. */
  readonly connection: string;
  /** Environment the connector reads its URL from. */
  readonly env: Record<string, string>;
  readonly mapDir: string;
  insert(tickets: readonly (readonly [number, string])[]): Promise<void>;
  /** id → [subject, message, note], in id order. */
  rows(): Promise<Map<number, [string, string, string]>>;
  drop(): Promise<void>;
}

/** Creates the tickets table on the target and fills it with `tickets`. */
export async function plantHelpdesk(target: DbTarget): Promise<Helpdesk> {
  const dir = await mkdtemp(path.join(tmpdir(), 'custodian-purge-'));
  const dialect = target === 'mysql' ? MYSQL_DIALECT : POSTGRES_DIALECT;
  const text = target === 'mysql' ? 'varchar(2000)' : 'text';
  const create = `create table purge_tickets (id integer primary key, email ${text}, subject ${text}, message ${text}, note ${text})`;
  const insertSql = `insert into purge_tickets (id, email, subject, message, note) values (${[0, 1, 2, 3, 4].map((i) => dialect.placeholder(i)).join(', ')})`;
  const params = ([id, body]: readonly [number, string]): unknown[] => [
    id,
    `person${id}@example.com`,
    body,
    body,
    body,
  ];
  let run: (sql: string, values?: unknown[]) => Promise<Record<string, unknown>[]>;
  let drop: () => Promise<void>;
  let connection: string;
  const env: Record<string, string> = {};
  if (target === 'pglite') {
    const dataDir = path.join(dir, 'helpdesk');
    run = async (sql, values = []) => {
      const db = await openPGlite(dataDir);
      try {
        return (await db.query<Record<string, unknown>>(sql, values)).rows;
      } finally {
        await db.close();
      }
    };
    drop = () => Promise.resolve();
    connection = '{ dataDir: ./helpdesk }';
  } else if (target === 'postgres') {
    const fresh = await freshDatabase();
    run = async (sql, values = []) => {
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      try {
        return (await client.query<Record<string, unknown>>(sql, values)).rows;
      } finally {
        await client.end();
      }
    };
    drop = fresh.drop;
    env['PURGE_HELPDESK_URL'] = fresh.url;
    connection = '{ urlEnv: PURGE_HELPDESK_URL }';
  } else {
    const fresh = await freshMysqlDatabase();
    run = (sql, values = []) =>
      withMysql(
        fresh.url,
        async (query) => (await query(sql, values)) as Record<string, unknown>[],
      );
    drop = fresh.drop;
    env['PURGE_HELPDESK_URL'] = fresh.url;
    connection = '{ urlEnv: PURGE_HELPDESK_URL }';
  }
  await run(create);
  return {
    connection,
    env,
    mapDir: dir,
    insert: async (tickets) => {
      for (const ticket of tickets) await run(insertSql, params(ticket));
    },
    rows: async () => {
      const rows = await run('select id, subject, message, note from purge_tickets order by id');
      return new Map(
        rows.map((row) => [
          Number(row['id']),
          [String(row['subject']), String(row['message']), String(row['note'])],
        ]),
      );
    },
    drop: async () => {
      await drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
