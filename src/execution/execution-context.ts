import type { Kysely } from 'kysely';
import type { Connector } from '../datastores/connector.js';
import type { LedgerContext } from '../ledger/index.js';
import type { DataMap } from '../map/index.js';
import type { Database, SigningKey } from '../store/index.js';

/**
 * What carrying out a request needs: the Custodian database, the map, the secret and the signing
 * key, a clock, who acts, and an open connector per datastore.
 */
export interface ExecutionContext {
  readonly db: Kysely<Database>;
  readonly map: DataMap;
  /** The server secret: seals plans and packages, keys erasure hashes and download tokens. */
  readonly secret: Buffer;
  /** Signs erasure certificates (`certificateSigningKey`). */
  readonly signingKey: SigningKey;
  readonly now: () => Date;
  /** Who acts, for the evidence chain: `cli`, `api-key:<id>`, `system`. */
  readonly actor: string;
  /** Open connectors by datastore id. */
  readonly connectors: ReadonlyMap<string, Connector>;
}

/** The ledger's view of the same context. */
export function ledgerContext(ctx: ExecutionContext): LedgerContext {
  return { map: ctx.map, secret: ctx.secret, now: ctx.now, actor: ctx.actor };
}
