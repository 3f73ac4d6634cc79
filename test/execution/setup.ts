import { approveRequest, openRequest } from '../../src/requests/index.js';
import type { ExecutionContext } from '../../src/execution/index.js';
import type { DataMap } from '../../src/map/index.js';
import type { Store } from '../../src/store/index.js';
import { openKeys, type ConfiguredKeys } from '../../src/cli/server-keys.js';
import { LEDGER_MAP } from '../ledger/fixture.js';
import { freshStore, type Target } from '../support/stores.js';
import { BILLING, NOW, openShop, SHOP, type Engine, type Shop } from './fixture.js';

/** The ledger tests' map (GDPR for BE, CCPA for the US), with the two fixture datastores. */
export const MAP: DataMap = { ...LEDGER_MAP, datastores: [SHOP, BILLING] };

export interface World {
  readonly store: Store;
  readonly shop: Shop;
  readonly ctx: ExecutionContext;
  /** Opens a request as an operator would (identity checked) and approves it when it waits. */
  open(
    type: string,
    input?: { email?: string; country?: string; changes?: Record<string, string> },
  ): Promise<string>;
  close(): Promise<void>;
}

/**
 * A fresh Custodian store on `target`, the fixture shop, and an execution context over both. The
 * secret and signing key are the store's own, or `configured` ones supplied from outside.
 */
export async function world(
  target: Target,
  now: () => Date = () => NOW,
  engine: Engine = 'pglite',
  configured: ConfiguredKeys = {},
): Promise<World> {
  const store = await freshStore(target);
  const shop = await openShop(engine);
  const { secret, signingKey } = await openKeys(store.db, configured);
  const ctx: ExecutionContext = {
    db: store.db,
    map: MAP,
    secret,
    signingKey,
    now,
    actor: 'cli',
    connectors: shop.connectors,
  };
  return {
    store,
    shop,
    ctx,
    open: async (type, input = {}) => {
      const opened = await openRequest(store.db, ctx, {
        type,
        email: input.email ?? 'ana@example.com',
        country: input.country ?? 'BE',
        ...(input.changes === undefined ? {} : { changes: input.changes }),
        operator: true,
      });
      if (opened.status === 'awaiting-approval') {
        await approveRequest(store.db, ctx, opened.requestId);
      }
      return opened.requestId;
    },
    close: async () => {
      await shop.close();
      await store.close();
    },
  };
}
