import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { appendEvidence } from '../evidence/index.js';
import { legalBasisOf, type Db, type LedgerContext } from './ledger-context.js';
import { applyObjection } from './record-objection.js';
import type { SubjectRef } from './identity.js';
import {
  findOrCreateSubject,
  identitiesOf,
  isSubjectId,
  lockSubject,
  subjectKey,
} from './subject.js';
import { insertSuppressions, UNSUBSCRIBED } from './suppress.js';

/**
 * Token layout, version 1: `u1.<payload>.<mac>`, both base64url. The payload is the subject id
 * (16 bytes), the issue time (seconds, 6 bytes) and the purpose id (UTF-8); no email or other
 * identifier of the person is inside. The MAC is HMAC-SHA256 over `u1.<payload>` with a key
 * derived from the server secret for this use only.
 */
const VERSION = 'u1';
export const TOKEN = /^u1\.([\w-]{30,400})\.([\w-]{43})$/;
const KEY_LABEL = 'custodian/unsubscribe-token/v1';

function tokenKey(secret: Buffer): Buffer {
  return createHmac('sha256', secret).update(KEY_LABEL).digest();
}

function mac(secret: Buffer, signed: string): string {
  return createHmac('sha256', tokenKey(secret)).update(signed).digest('base64url');
}

/**
 * The subject an unsubscribe link names, created on first sight of an email, phone or account id as
 * recording a consent does (only its keyed hash is stored). A sender knows the address it writes to
 * and must put RFC 8058 headers on every message of a list, not only on those to people the ledger
 * has seen. An unknown `{ id }` is `subject.not_found`: ids are Custodian's to hand out.
 */
export async function linkSubject(db: Db, ctx: LedgerContext, ref: SubjectRef): Promise<string> {
  const key = subjectKey(ctx.secret, ref);
  return db.transaction().execute((trx) => findOrCreateSubject(trx, key, ctx.now()));
}

/**
 * A signed, opaque, URL-safe token for a one-click unsubscribe link (RFC 8058): it names the
 * subject by Custodian's id and the purpose, never an email. It does not expire: a link in an old
 * mail must still work.
 */
export function unsubscribeToken(
  secret: Buffer,
  claims: { readonly subjectId: string; readonly purpose: string; readonly issuedAt: Date },
): string {
  if (!isSubjectId(claims.subjectId)) throw new Error('an unsubscribe token names a subject id');
  if (claims.purpose === '') throw new Error('an unsubscribe token names a purpose');
  const id = Buffer.from(claims.subjectId.replace(/-/g, ''), 'hex');
  const issued = Buffer.alloc(6);
  issued.writeUIntBE(Math.max(0, Math.floor(claims.issuedAt.getTime() / 1000)), 0, 6);
  const payload = Buffer.concat([id, issued, Buffer.from(claims.purpose, 'utf8')]).toString(
    'base64url',
  );
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed)}`;
}

/**
 * The subject and purpose a token names, or null when it is malformed, of another version, or
 * its signature does not match (compared in constant time).
 */
export function verifyUnsubscribeToken(
  secret: Buffer,
  token: string,
): { subjectId: string; purpose: string } | null {
  if (typeof token !== 'string') return null;
  const match = TOKEN.exec(token);
  const payload = match?.[1];
  const signature = match?.[2];
  if (payload === undefined || signature === undefined) return null;
  // Compared as encoded text: a second spelling of the same bytes is not a valid token either.
  const expected = Buffer.from(mac(secret, `${VERSION}.${payload}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const bytes = Buffer.from(payload, 'base64url');
  if (bytes.length < 23) return null;
  const hex = bytes.subarray(0, 16).toString('hex');
  const subjectId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const purpose = bytes.subarray(22).toString('utf8');
  return { subjectId, purpose };
}

/**
 * One-click unsubscribe (RFC 8058): at once, with no login or confirmation, records an objection
 * to the token's purpose (GDPR Art. 21(2)-(3); a withdrawal for a consent purpose) and suppresses
 * every identity of the person for that purpose. Idempotent: when the objection is live and every
 * identity is already suppressed, nothing is written and the first receipt comes back. Null for a
 * bad token or a subject the ledger no longer has.
 */
export async function unsubscribe(
  db: Db,
  ctx: LedgerContext,
  token: string,
): Promise<{ subjectId: string; purpose: string; receiptId: string } | null> {
  const claims = verifyUnsubscribeToken(ctx.secret, token);
  if (!claims) return null;
  const { subjectId, purpose } = claims;
  return db.transaction().execute(async (trx) => {
    if (!(await lockSubject(trx, subjectId))) return null;
    const identities = await identitiesOf(trx, subjectId);
    const live = await trx
      .selectFrom('objections')
      .select('receipt_id')
      .where('subject_id', '=', subjectId)
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    const tombstones = new Map(identities.map((identity) => [identity.hash, identity.kind]));
    const suppressed =
      identities.length === 0
        ? 0
        : Number(
            (
              await trx
                .selectFrom('suppressions')
                .select((eb) => eb.fn.countAll<string>().as('n'))
                .where('scope', '=', purpose)
                .where('hash', 'in', [...tombstones.keys()])
                .executeTakeFirstOrThrow()
            ).n,
          );
    if (live && suppressed === tombstones.size) {
      return { subjectId, purpose, receiptId: live.receipt_id };
    }

    const at = ctx.now();
    const receiptId = randomUUID();
    // The purpose may have left the map since the mail went out; the person's "stop" still holds.
    const mapped = ctx.map.purposes.find((candidate) => candidate.id === purpose);
    const withdrawal = mapped !== undefined && legalBasisOf(mapped) === 'consent';
    await applyObjection(
      trx,
      { receiptId, subjectId, purpose, withdrawal, at },
      {
        source: 'unsubscribe-link',
        extra: [{ purpose, kind: 'suppressed', details: { identities: tombstones.size } }],
      },
    );
    const added = await insertSuppressions(trx, tombstones, purpose, UNSUBSCRIBED, at);
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'unsubscribe.recorded',
      subjectRef: subjectId,
      details: { receiptId, purpose, withdrawal, source: 'unsubscribe-link', suppressed: added },
      at,
    });
    return { subjectId, purpose, receiptId };
  });
}
