import path from 'node:path';
import { openConnector, type Connector } from '../../src/datastores/index.js';
import { EXAMPLES_DIR } from '../../src/cli/tour.js';
import {
  findPerson,
  liveSchemas,
  runRequest,
  type ExecutionContext,
  type Found,
  type RunOptions,
  type RunOutcome,
} from '../../src/execution/index.js';
import { loadFile, type DataMap } from '../../src/map/index.js';
import {
  approveRequest,
  getRequest,
  openRequest,
  type RequestContext,
} from '../../src/requests/index.js';
import {
  certificateSigningKey,
  serverSecret,
  type SigningKey,
  type Store,
} from '../../src/store/index.js';
import {
  availableEngines,
  createShop,
  type Layout,
  type PlainRow,
  type Rows,
  type ShopFixture,
} from '../support/shop/index.js';
import { freshStore, type Target } from '../support/stores.js';

/**
 * A Custodian with the shop's three databases connected: the BESTMIX map with the shop's
 * datastores, a fresh Custodian database, and requests opened, approved and run the way an
 * operator does (`requests open` records that the operator verified the person).
 */
export interface Harness {
  readonly shop: ShopFixture;
  readonly store: Store;
  readonly map: DataMap;
  readonly secret: Buffer;
  readonly signingKey: SigningKey;
  readonly requests: RequestContext;
  /** Opens a request for the email and approves it when the map wants approval; returns its id. */
  readonly open: (
    type: string,
    email: string,
    extra?: { readonly changes?: Readonly<Record<string, string>> },
  ) => Promise<string>;
  /** Runs a request with freshly opened connectors, closed afterwards (PGlite has one user). */
  readonly run: (requestId: string, options?: RunOptions) => Promise<RunOutcome>;
  /** Searches the datastores for the identities, as a request would. */
  readonly find: (identities: Readonly<Record<string, readonly string[]>>) => Promise<Found>;
  readonly close: () => Promise<void>;
}

/**
 * The database layouts the request suites run on here: PGlite always, servers when reachable;
 * the richest (PostgreSQL with MariaDB) last.
 */
export function layouts(): { readonly name: string; readonly layout: Layout }[] {
  const engines = availableEngines();
  const all: { name: string; layout: Layout }[] = [
    { name: 'all PGlite', layout: { shop: 'pglite', newsletter: 'pglite', billing: 'pglite' } },
  ];
  if (engines.includes('mysql')) {
    all.push({
      name: 'all MariaDB',
      layout: { shop: 'mysql', newsletter: 'mysql', billing: 'mysql' },
    });
    all.push({
      name: 'shop and newsletter on PGlite, billing on MariaDB',
      layout: { shop: 'pglite', newsletter: 'pglite', billing: 'mysql' },
    });
  }
  if (engines.includes('postgres')) {
    all.push({
      name: `shop and newsletter on PostgreSQL, billing on ${engines.includes('mysql') ? 'MariaDB' : 'PostgreSQL'}`,
      layout: {
        shop: 'postgres',
        newsletter: 'postgres',
        billing: engines.includes('mysql') ? 'mysql' : 'postgres',
      },
    });
  }
  return all;
}

let demoMap: Promise<DataMap> | undefined;

/** The BESTMIX example map (two controllers, GDPR and US laws). */
export function bestmixMap(): Promise<DataMap> {
  demoMap ??= (async () => {
    const result = await loadFile(path.join(EXAMPLES_DIR, 'bestmix', 'privacy.yaml'));
    if (!result.ok) throw new Error('the BESTMIX map does not load');
    return result.value.map;
  })();
  return demoMap;
}

export async function openConnectors(
  map: DataMap,
  env: Readonly<Record<string, string>>,
): Promise<Map<string, Connector>> {
  const connectors = new Map<string, Connector>();
  for (const datastore of map.datastores) {
    connectors.set(datastore.id, await openConnector(datastore, { mapDir: '/', env }));
  }
  return connectors;
}

export async function closeConnectors(connectors: ReadonlyMap<string, Connector>): Promise<void> {
  for (const connector of connectors.values()) await connector.close();
}

export async function harness(
  layout: Layout,
  now: () => Date = () => new Date(),
): Promise<Harness> {
  const shop = await createShop(layout, { now: now() });
  const target: Target = layout.shop === 'postgres' ? 'postgres' : 'pglite';
  let store: Store;
  try {
    store = await freshStore(target);
  } catch (error) {
    await shop.drop();
    throw error;
  }
  const map: DataMap = { ...(await bestmixMap()), datastores: shop.datastores };
  const secret = await serverSecret(store.db);
  const signingKey = await certificateSigningKey(store.db);
  const requests: RequestContext = { map, secret, now, actor: 'cli:operator' };
  const withConnectors = async <T>(work: (ctx: ExecutionContext) => Promise<T>): Promise<T> => {
    const connectors = await openConnectors(map, shop.env);
    try {
      return await work({
        db: store.db,
        map,
        secret,
        signingKey,
        now,
        actor: 'cli:operator',
        connectors,
      });
    } finally {
      await closeConnectors(connectors);
    }
  };
  return {
    shop,
    store,
    map,
    secret,
    signingKey,
    requests,
    open: async (type, email, extra = {}) => {
      const opened = await openRequest(store.db, requests, {
        type,
        email,
        country: 'BE',
        operator: true,
        ...(extra.changes === undefined ? {} : { changes: extra.changes }),
      });
      const record = await getRequest(store.db, opened.requestId);
      if (record.status === 'awaiting-approval') {
        await approveRequest(store.db, requests, opened.requestId);
      }
      return opened.requestId;
    },
    run: (requestId, options = {}) => withConnectors((ctx) => runRequest(ctx, requestId, options)),
    find: (identities) =>
      withConnectors(async (ctx) =>
        findPerson(map.datastores, ctx.connectors, identities, {
          schemas: await liveSchemas(ctx),
        }),
      ),
    close: async () => {
      await store.close();
      await shop.drop();
    },
  };
}

/** The keys of a row by the fixture's primary keys, as text (`31/2` for order 31 line 2). */
export function keyOf(table: string, row: PlainRow): string {
  if (table === 'customer_emails') return `${String(row['customer_id'])}/${String(row['email'])}`;
  if (table === 'order_lines') return `${String(row['order_id'])}/${String(row['line_no'])}`;
  return String(row['id']);
}

/** Rows with only the tables and keys given, in the fixture's order. */
export function pick(
  rows: Rows,
  keys: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>,
): Rows {
  const picked: Record<string, Record<string, PlainRow[]>> = {};
  for (const [database, tables] of Object.entries(keys)) {
    for (const [table, wanted] of Object.entries(tables)) {
      const all = rows[database as keyof Rows][table] ?? [];
      (picked[database] ??= {})[table] = all.filter((row) => wanted.includes(keyOf(table, row)));
    }
  }
  return picked as Rows;
}
