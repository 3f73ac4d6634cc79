import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { CustodianError } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
import { startPeriodic } from '../periodic.js';
import { sealBytes, unsealBytes, type Database } from '../store/index.js';

/** The seal context of a package: its bytes open only as that package. */
const packageContext = (id: string): string => `packages.content_sealed:${id}`;

/** A download link's token: `<package id>.<expiry, seconds since 1970>.<HMAC-SHA256, base64url>`. */
export const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([\w-]{43})$/;

export interface StoredPackage {
  readonly packageId: string;
  /** The token of the download link `/v1/packages/{token}`: GET shows a page, POST downloads once. */
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
 * The package of a request that can still be downloaded, with the token of its download link,
 * reading only; undefined when there is none (not made, downloaded, expired). For a page that has
 * otherwise proven it is the person's (the privacy center after the mailed code).
 */
export async function livePackage(
  ctx: Pick<PackageContext, 'db' | 'secret' | 'now'>,
  requestId: string,
): Promise<StoredPackage | undefined> {
  const row = await ctx.db
    .selectFrom('packages')
    .select(['id', 'expires_at', 'bytes'])
    .where('request_id', '=', requestId)
    .where('content_sealed', 'is not', null)
    .where('expires_at', '>', ctx.now())
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const expiresAt = new Date(row.expires_at);
  return {
    packageId: row.id,
    token: packageToken(ctx.secret, row.id, expiresAt),
    expiresAt,
    bytes: row.bytes,
  };
}

/** How long a download's claim lasts unless renewed (every third of it, while it is being sent). */
const DOWNLOAD_CLAIM_MS = 60 * 1000;

/** What a link shows before anything is downloaded: whether there is a package, and until when. */
export type PackageLink =
  | {
      readonly kind: 'available';
      readonly requestId: string;
      /** The controller answering the request, for the page to name. */
      readonly controller: string;
      /** The request's language, which the page is written in (null: not recorded). */
      readonly language: string | null;
      readonly expiresAt: Date;
      readonly bytes: number;
    }
  /** Downloaded already, or expired: the link does not say which (no more than it ever did). */
  | { readonly kind: 'gone' }
  /** Malformed, forged, or naming no package. */
  | { readonly kind: 'not_found' };

/**
 * What a download link answers to, reading only: opening a link (a mail scanner, a preview, a
 * HEAD) must not spend it. The token names the package, never the person.
 */
export async function packageLink(
  ctx: Pick<PackageContext, 'db' | 'secret' | 'now'>,
  token: string,
): Promise<PackageLink> {
  const claims = verifyPackageToken(ctx.secret, token);
  if (claims === null) return { kind: 'not_found' };
  const row = await ctx.db
    .selectFrom('packages')
    .innerJoin('requests', 'requests.id', 'packages.request_id')
    .select([
      'packages.request_id',
      'packages.expires_at',
      'packages.bytes',
      'requests.controller',
      'requests.language',
      sql<boolean>`packages.content_sealed is not null`.as('live'),
    ])
    .where('packages.id', '=', claims.packageId)
    .executeTakeFirst();
  if (row === undefined) return { kind: 'not_found' };
  const at = ctx.now().getTime();
  const expiresAt = new Date(row.expires_at);
  if (!row.live || claims.expiresAt.getTime() <= at || expiresAt.getTime() <= at) {
    return { kind: 'gone' };
  }
  return {
    kind: 'available',
    requestId: row.request_id,
    controller: row.controller,
    language: row.language,
    expiresAt,
    bytes: row.bytes,
  };
}

/**
 * A package claimed for one download: its bytes, opened. Once the body has gone out in full,
 * `spend` it; when the download was cut off (or never started), `release` it for the next try.
 */
export interface PackageClaim {
  readonly packageId: string;
  readonly requestId: string;
  readonly zip: Buffer;
  /** Deletes the bytes and records `package.downloaded`; the claim ends. */
  spend(): Promise<void>;
  /** Gives the claim back: the package stays downloadable until it expires. */
  release(): Promise<void>;
}

/**
 * Claims a package for one download (GDPR Art. 15(3): the copy; Art. 32: the link works once and
 * not for long). The claim is one conditional statement in the database, so of two downloads at
 * once, from any server process, exactly one gets the package; the other is refused with
 * `package.downloading` (409) until the first is spent, given back, or its claim lapsed (the
 * process sending it died). The claim is renewed while it is held. Throws `package.not_found` for
 * a token that is malformed, forged or names no package, and `package.gone` for one downloaded
 * already, expired or swept; neither says more.
 *
 * Claims measure whether a download is still being sent, not a legal period, so they use the
 * wall clock; the package's expiry uses `ctx.now`.
 */
export async function claimPackage(
  ctx: PackageContext & { readonly onError?: (error: unknown) => void },
  token: string,
): Promise<PackageClaim> {
  const claims = verifyPackageToken(ctx.secret, token);
  if (claims === null) throw notFound();
  const at = ctx.now();
  if (claims.expiresAt.getTime() <= at.getTime()) throw gone();
  const holder = randomUUID();
  const wall = new Date();
  const claimed = await ctx.db
    .updateTable('packages')
    .set({ claimed_by: holder, claimed_until: new Date(wall.getTime() + DOWNLOAD_CLAIM_MS) })
    .where('id', '=', claims.packageId)
    .where('content_sealed', 'is not', null)
    .where('expires_at', '>', at)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', wall)]))
    .returning(['id', 'request_id', 'content_sealed'])
    .executeTakeFirst();
  if (claimed === undefined || claimed.content_sealed === null) {
    throw await whyNotClaimed(ctx, claims.packageId, at);
  }
  const { id: packageId, request_id: requestId } = claimed;
  let zip: Buffer;
  try {
    zip = unsealBytes(ctx.secret, claimed.content_sealed, packageContext(packageId));
  } catch (error) {
    await giveBack(ctx.db, packageId, holder);
    throw error;
  }
  const renewal = setInterval(() => {
    ctx.db
      .updateTable('packages')
      .set({ claimed_until: new Date(Date.now() + DOWNLOAD_CLAIM_MS) })
      .where('id', '=', packageId)
      .where('claimed_by', '=', holder)
      .execute()
      .catch((error: unknown) => ctx.onError?.(error));
  }, DOWNLOAD_CLAIM_MS / 3);
  renewal.unref();
  let ended = false;
  const end = (): boolean => {
    clearInterval(renewal);
    const first = !ended;
    ended = true;
    return first;
  };
  return {
    packageId,
    requestId,
    zip,
    spend: async () => {
      if (!end()) return;
      await ctx.db.transaction().execute(async (trx) => {
        const done = ctx.now();
        // Spent by id whoever holds the claim now: these bytes went out in full, so the package
        // is downloaded, even if this claim lapsed while they did (its holder's renewal failed).
        const row = await trx
          .updateTable('packages')
          .set({
            content_sealed: null,
            downloaded_at: sql<Date>`coalesce(downloaded_at, ${done})`,
            deleted_at: sql<Date>`coalesce(deleted_at, ${done})`,
            claimed_by: null,
            claimed_until: null,
          })
          .where('id', '=', packageId)
          .returning('bytes')
          .executeTakeFirstOrThrow();
        const request = await trx
          .selectFrom('requests')
          .select('subject_ref')
          .where('id', '=', requestId)
          .executeTakeFirst();
        await appendEvidence(trx, {
          actor: ctx.actor,
          action: 'package.downloaded',
          subjectRef: request?.subject_ref ?? null,
          details: { requestId, packageId, bytes: row.bytes },
          at: done,
        });
      });
    },
    release: async () => {
      if (!end()) return;
      await giveBack(ctx.db, packageId, holder);
    },
  };
}

/** Why a claim found no package to take: not there, gone, or being downloaded right now. */
async function whyNotClaimed(
  ctx: Pick<PackageContext, 'db'>,
  packageId: string,
  at: Date,
): Promise<CustodianError> {
  const row = await ctx.db
    .selectFrom('packages')
    .select(['expires_at', sql<boolean>`content_sealed is not null`.as('live')])
    .where('id', '=', packageId)
    .executeTakeFirst();
  if (row === undefined) return notFound();
  if (!row.live || new Date(row.expires_at).getTime() <= at.getTime()) return gone();
  return new CustodianError(
    'package.downloading',
    'this package is being downloaded right now; if that download was cut off, try again in a minute',
  );
}

/** Ends a claim without spending the package, if the claim is still this holder's. */
async function giveBack(db: Kysely<Database>, packageId: string, holder: string): Promise<void> {
  await db
    .updateTable('packages')
    .set({ claimed_by: null, claimed_until: null })
    .where('id', '=', packageId)
    .where('claimed_by', '=', holder)
    .execute();
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
  return startPeriodic(() => sweepPackages(ctx), intervalMs, ctx);
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
