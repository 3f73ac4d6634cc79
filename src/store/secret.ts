import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** `CUSTODIAN_SECRET` written in hex (else it is read as base64). */
export const HEX = /^[0-9a-f]+$/i;

/**
 * The server secret that keys identifier hashes and signs tokens. `CUSTODIAN_SECRET` (hex or
 * base64, at least 32 bytes) wins; otherwise one is generated on first start and kept in the
 * database, so an embedded install works with no configuration and keeps its hashes stable.
 */
export async function serverSecret(db: Kysely<Database>, configured?: string): Promise<Buffer> {
  if (configured !== undefined && configured !== '') {
    const bytes = HEX.test(configured)
      ? Buffer.from(configured, 'hex')
      : Buffer.from(configured, 'base64');
    if (bytes.length < 32)
      throw new Error('CUSTODIAN_SECRET must hold at least 32 bytes (64 hex digits)');
    return bytes;
  }
  await db
    .insertInto('settings')
    .values({ key: 'secret', value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'secret')
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'hex');
}
