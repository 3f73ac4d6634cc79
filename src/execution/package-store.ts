import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import { sealBytes, unsealBytes, type Database } from '../store/index.js';

/** The seal context of a package: its bytes open only as that package. */
const packageContext = (id: string): string => `packages.content_sealed:${id}`;

/** A download link's token: `<package id>.<expiry, seconds since 1970>.<HMAC-SHA256, base64url>`. */
const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface StoredPackage {
  readonly packageId: string;
  /** The one-time download token for `GET /v1/packages/{token}`. */
  readonly token: string;
  readonly expiresAt: Date;
  readonly bytes: number;
}

interface PackageContext {
  readonly db: Kysely<Database>;
  readonly secret: Buffer;
  readonly now: () => Date;
  readonly actor: string;
}

/**
 * Stores an access package sealed (it is the person's data) and hands back the signed,
 * expiring, one-time token of its download link. The token names the package, never the person.
 */
export async function storePackage(
  ctx: PackageContext,
  input: {
    readonly requestId: string;
    readonly zip: Uint8Array;
    readonly expiresAt: Date;
    readonly subjectRef?: string | null;
  },
): Promise<StoredPackage> {
  const packageId = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    await trx
      .insertInto('packages')
      .values({
        id: packageId,
        request_id: input.requestId,
        content_sealed: sealBytes(ctx.secret, input.zip, packageContext(packageId)),
        bytes: input.zip.byteLength,
        created_at: at,
        expires_at: input.expiresAt,
      })
      .execute();
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'package.created',
      subjectRef: input.subjectRef ?? null,
      details: {
        requestId: input.requestId,
        packageId,
        bytes: input.zip.byteLength,
        expiresAt: input.expiresAt.toISOString(),
      },
      at,
    });
  });
  return {
    packageId,
    token: packageToken(ctx.secret, packageId, input.expiresAt),
    expiresAt: input.expiresAt,
    bytes: input.zip.byteLength,
  };
}

/** The download token of a package. */
export function packageToken(secret: Buffer, packageId: string, expiresAt: Date): string {
  const payload = `${packageId}.${Math.floor(expiresAt.getTime() / 1000)}`;
  return `${payload}.${tokenMac(secret, payload)}`;
}

/**
 * Downloads a package once (GDPR Art. 15(3): the copy; Art. 32: the link works once and not for
 * long). The bytes are deleted in the same transaction that records the download, so a second
 * request finds nothing to give. Throws `package.not_found` for a token that is malformed, forged
 * or names no package, and `package.gone` for one already downloaded, expired or swept; neither
 * says more.
 */
export async function downloadPackage(
  ctx: PackageContext,
  token: string,
): Promise<{ readonly requestId: string; readonly zip: Buffer }> {
  const claims = verifyPackageToken(ctx.secret, token);
  if (claims === null) throw notFound();
  const at = ctx.now();
  if (claims.expiresAt.getTime() <= at.getTime()) throw gone();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('packages')
      .select(['id', 'request_id', 'content_sealed', 'expires_at', 'bytes'])
      .where('id', '=', claims.packageId)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw notFound();
    if (row.content_sealed === null || row.expires_at.getTime() <= at.getTime()) throw gone();
    const request = await trx
      .selectFrom('requests')
      .select('subject_ref')
      .where('id', '=', row.request_id)
      .executeTakeFirst();
    const zip = unsealBytes(ctx.secret, row.content_sealed, packageContext(row.id));
    await trx
      .updateTable('packages')
      .set({ content_sealed: null, downloaded_at: at, deleted_at: at })
      .where('id', '=', row.id)
      .execute();
    await appendEvidence(trx, {
      actor: ctx.actor,
      action: 'package.downloaded',
      subjectRef: request?.subject_ref ?? null,
      details: { requestId: row.request_id, packageId: row.id, bytes: row.bytes },
      at,
    });
    return { requestId: row.request_id, zip };
  });
}

/** The package id and expiry a token names, or null when it is malformed or its MAC is wrong. */
export function verifyPackageToken(
  secret: Buffer,
  token: string,
): { readonly packageId: string; readonly expiresAt: Date } | null {
  const match = TOKEN.exec(token);
  if (match === null) return null;
  const [, packageId, seconds, mac] = match;
  if (packageId === undefined || seconds === undefined || mac === undefined) return null;
  const expected = Buffer.from(tokenMac(secret, `${packageId}.${seconds}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return { packageId, expiresAt: new Date(Number(seconds) * 1000) };
}

/**
 * Deletes the bytes of every package past its expiry (map `requests.packageExpiry`): the record
 * stays, the data does not (GDPR Art. 5(1)(e)). Returns how many were deleted.
 */
export async function sweepPackages(
  ctx: Pick<PackageContext, 'db' | 'now' | 'actor'>,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    const swept = await trx
      .updateTable('packages')
      .set({ content_sealed: null, deleted_at: at })
      .where('content_sealed', 'is not', null)
      .where('expires_at', '<=', at)
      .returning(['id', 'request_id'])
      .execute();
    if (swept.length > 0) {
      await appendEvidence(trx, {
        actor: ctx.actor,
        action: 'package.expired',
        details: { packages: swept.map((row) => row.id), count: swept.length },
        at,
      });
    }
    return swept.length;
  });
}

/**
 * Sweeps expired packages now and then every `intervalMs` (an hour by default) in this process:
 * one short statement, safe from several processes at once. `stop` ends it.
 */
export function startPackageSweep(
  ctx: Pick<PackageContext, 'db' | 'now' | 'actor'> & {
    readonly onError?: (error: unknown) => void;
    /** After each pass that did not fail (so a failure's log can be followed by its recovery). */
    readonly onSuccess?: () => void;
  },
  intervalMs = 60 * 60 * 1000,
): { stop: () => Promise<void> } {
  let running: Promise<unknown> | undefined;
  const pass = (): void => {
    running ??= sweepPackages(ctx)
      .then(
        () => ctx.onSuccess?.(),
        (error: unknown) => ctx.onError?.(error),
      )
      .finally(() => {
        running = undefined;
      });
  };
  pass();
  const timer = setInterval(pass, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

function tokenMac(secret: Buffer, payload: string): string {
  const key = Buffer.from(
    hkdfSync('sha256', secret, Buffer.alloc(0), 'custodian package token', 32),
  );
  return createHmac('sha256', key).update(payload).digest('base64url');
}

function notFound(): CustodianError {
  return new CustodianError('package.not_found', 'no package answers to this link');
}

function gone(): CustodianError {
  return new CustodianError('package.gone', 'this package was downloaded already or has expired');
}
