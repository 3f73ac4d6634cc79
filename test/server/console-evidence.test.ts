import { randomUUID } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendEvidence,
  checkEvidence,
  startEvidenceCheck,
  evidenceHead,
  type EvidenceInput,
} from '../../src/evidence/index.js';
import { buildServer } from '../../src/server/index.js';
import { createUser, ROLES } from '../../src/staff/index.js';
import { certificateSigningKey, type Store } from '../../src/store/index.js';
import { testClock } from '../ledger/fixture.js';
import { eachTarget, freshStore } from '../support/stores.js';
import { demoMap, LogCapture } from './helpers.js';

const ORIGIN = 'https://privacy.example.com';
const COOKIE = '__Host-custodian_session';
const PASSWORD = 'correct horse battery staple';
/** A requester's subject id, as src/requests names people in evidence. */
const REQUESTER = `rs_${'ab12'.repeat(8)}`;

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The text of a page without its tags, spaces folded, to read what a person reads. */
function text(body: string): string {
  // Splitting at '<' and dropping each piece's tag keeps this linear on any input.
  return body
    .split('<')
    .map((piece, n) => (n === 0 ? piece : piece.slice(piece.indexOf('>') + 1)))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The record numbers of the search results table, in order. */
function listed(body: string): number[] {
  const table = body.split('<tbody>')[1]?.split('</tbody>')[0] ?? '';
  return [...table.matchAll(/<tr><td>(\d+)<\/td>/g)].map((match) => Number(match[1]));
}

eachTarget('console evidence page on $target', ({ target }) => {
  let store: Store;
  let app: FastifyInstance;
  const clock = testClock('2026-03-02T09:00:00.000Z');
  let cookie = '';
  let csrf = '';

  beforeAll(async () => {
    store = await freshStore(target);
    app = buildServer({
      store,
      map: await demoMap(),
      secret: Buffer.from('console-evidence-secret-console-evidence'),
      signingKey: await certificateSigningKey(store.db),
      clock: clock.now,
      logger: new LogCapture(),
      publicUrl: ORIGIN,
      requestRateLimit: false,
    });
    for (const role of ROLES) {
      await createUser(store.db, {
        email: `${role}.evidence@example.com`,
        role,
        password: PASSWORD,
      });
    }
    cookie = await signIn('viewer');
    csrf = /name="csrf" value="([\w-]+)"/.exec((await view()).body)?.[1] ?? '';
    expect(csrf).not.toBe('');
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  async function signIn(role: string): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: form({ email: `${role}.evidence@example.com`, password: PASSWORD }),
    });
    expect(response.statusCode, response.body).toBe(303);
    const value = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
    expect(value.startsWith(`${COOKIE}=`)).toBe(true);
    return value;
  }

  function view(query = '', as = cookie): Promise<LightMyRequestResponse> {
    return app.inject({ method: 'GET', url: `/console/evidence${query}`, headers: { cookie: as } });
  }

  function verify(from: string, fields: Record<string, string> = { csrf }) {
    return app.inject({
      method: 'POST',
      url: '/console/evidence/verify',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: ORIGIN },
      payload: form({ ...fields, from }),
    });
  }

  async function append(input: Partial<EvidenceInput> = {}): Promise<number> {
    clock.advance(1000);
    const { seq } = await appendEvidence(store.db, {
      actor: 'system',
      action: 'request.step',
      subjectRef: null,
      details: {},
      at: clock.now(),
      ...input,
    });
    return seq;
  }

  async function checkpoint(): Promise<number> {
    const row = await store.db
      .selectFrom('evidence_checkpoint')
      .select('seq')
      .executeTakeFirstOrThrow();
    return Number(row.seq);
  }

  describe('guards', () => {
    it('sends a visitor without a session to sign in, and verifies nothing for them', async () => {
      const response = await view('', '');
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe('/console/login');
      const post = await app.inject({
        method: 'POST',
        url: '/console/evidence/verify',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
        payload: form({ from: 'genesis', csrf }),
      });
      expect(post.statusCode).toBe(401);
    });

    it('opens for every role, which all hold evidence:read', async () => {
      for (const role of ROLES) {
        const response = await view('', await signIn(role));
        expect(response.statusCode, role).toBe(200);
        expect(response.body).toContain('<h1>Evidence</h1>');
      }
    });

    it('refuses a POST from another origin or without the CSRF token', async () => {
      const foreign = await app.inject({
        method: 'POST',
        url: '/console/evidence/verify',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie,
          origin: 'https://evil.example.net',
        },
        payload: form({ from: 'genesis', csrf }),
      });
      expect(foreign.statusCode).toBe(403);
      expect((await verify('genesis', { csrf: 'wrong' })).statusCode).toBe(403);
      expect((await verify('somewhere')).statusCode).toBe(400);
    });
  });

  describe('chain status', () => {
    /** The records sign-ins appended before these tests (staff.signed_in). */
    let base = 0;
    const at = (n: number): number => base + n;

    it('says an empty chain is empty', async () => {
      const empty = await freshStore(target);
      try {
        const status = await checkEvidence(empty.db, { now: clock.now() });
        expect(status).toMatchObject({ verifiedSeq: 0, headSeq: 0, startedAt: 0 });
        expect(status.genesisVerifiedAt).toEqual(clock.now());
      } finally {
        await empty.close();
      }
      base = (await evidenceHead(store.db)).seq;
      expect(base).toBeGreaterThan(0);
    });

    it('verifies appended records on a view without moving the checkpoint; a POST or the periodic check moves it', async () => {
      for (let n = 0; n < 5; n++) await append({ details: { n } });
      const stored = await checkpoint();
      const response = await view();
      expect(response.statusCode).toBe(200);
      expect(text(response.body)).toContain(`Verified up to record ${at(5)}, the last one.`);
      expect(text(response.body)).toContain('Last verified from the start: 2026-03-02');
      // Opening the page changed nothing.
      expect(await checkpoint()).toBe(stored);
      expect((await verify('checkpoint')).statusCode).toBe(303);
      expect(await checkpoint()).toBe(at(5));
      await append();
      await append();
      expect(text((await view()).body)).toContain(`Verified up to record ${at(7)}, the last one.`);
      expect(await checkpoint()).toBe(at(5));
      // serve's periodic check: a pass at once, then every interval; a broken chain is reported.
      const broken: number[] = [];
      const job = startEvidenceCheck(store.db, {
        now: () => clock.now(),
        intervalMs: 3_600_000,
        onBroken: (b) => broken.push(b.at),
      });
      await job.stop();
      expect(await checkpoint()).toBe(at(7));
      expect(broken).toEqual([]);
    });

    it('verifies only from the checkpoint on a view, and finds an earlier tampered record from the start', async () => {
      const tampered = String(at(3));
      const before = await store.db
        .selectFrom('evidence')
        .select('details')
        .where('seq', '=', tampered)
        .executeTakeFirstOrThrow();
      await sql`update evidence set details = ${JSON.stringify({ n: 99 })}::jsonb where seq = ${tampered}`.execute(
        store.db,
      );
      try {
        // The record lies before the checkpoint: a view does not read it again.
        expect(text((await view()).body)).toContain(
          `Verified up to record ${at(7)}, the last one.`,
        );

        const posted = await verify('genesis');
        expect(posted.statusCode).toBe(303);
        expect(posted.headers.location).toBe('/console/evidence');
        // The checkpoint fell back to the last good record, so every later view shows the break.
        expect(await checkpoint()).toBe(at(2));
        const body = (await view()).body;
        expect(body).toContain('<div class="broken" role="alert">');
        expect(text(body)).toContain(`The chain is broken at record ${at(3)}:`);
        expect(text(body)).toContain('its content no longer gives its hash (altered)');
        expect(text(body)).toContain(`Records 1 to ${at(2)} verified before (the checkpoint)`);
        expect(text((await view()).body)).toContain(`The chain is broken at record ${at(3)}:`);
      } finally {
        await sql`update evidence set details = ${JSON.stringify(before.details)}::jsonb where seq = ${tampered}`.execute(
          store.db,
        );
      }
      expect(text((await view()).body)).toContain(`Verified up to record ${at(7)}, the last one.`);
      // Continuing from the checkpoint (at the last good record) moves it past the repair.
      expect((await verify('checkpoint')).statusCode).toBe(303);
      expect(await checkpoint()).toBe(at(7));
    });

    it('says a break found walking from the start is the first bad record', async () => {
      const first = await store.db
        .selectFrom('evidence')
        .select('actor')
        .where('seq', '=', '1')
        .executeTakeFirstOrThrow();
      await sql`update evidence set actor = 'someone else' where seq = 1`.execute(store.db);
      try {
        expect((await verify('genesis')).statusCode).toBe(303);
        expect(await checkpoint()).toBe(0);
        const body = text((await view()).body);
        expect(body).toContain('The chain is broken at record 1:');
        expect(body).toContain('Found walking from the start: it is the first bad record.');
      } finally {
        await sql`update evidence set actor = ${first.actor} where seq = 1`.execute(store.db);
      }
      expect(text((await view()).body)).toContain(`Verified up to record ${at(7)}, the last one.`);
      expect((await verify('checkpoint')).statusCode).toBe(303);
      expect(await checkpoint()).toBe(at(7));
    });

    it('reports a chain rewritten under the checkpoint at the record after it', async () => {
      await append();
      await sql`update evidence_checkpoint set hash = ${'f'.repeat(64)}`.execute(store.db);
      const body = text((await view()).body);
      expect(body).toContain(`The chain is broken at record ${at(8)}:`);
      expect(body).toContain('does not link to the hash of the record before it (reordered)');
      expect(body).toContain(`Records 1 to ${at(7)} verified before (the checkpoint)`);
      // serve's periodic check reports it to the operator too.
      const broken: number[] = [];
      const job = startEvidenceCheck(store.db, {
        now: () => clock.now(),
        intervalMs: 3_600_000,
        onBroken: (b) => broken.push(b.at),
      });
      await job.stop();
      expect(broken).toEqual([at(8)]);
      // Verifying from the start puts the checkpoint right again.
      expect((await verify('genesis')).statusCode).toBe(303);
      expect(text((await view()).body)).toContain(`Verified up to record ${at(8)}, the last one.`);
    });

    it('walks a long chain over several bounded checks, and dates the pass from the start', async () => {
      clock.advance(600_000);
      const started = clock.now();
      const first = await checkEvidence(store.db, {
        now: started,
        fromGenesis: true,
        maxRecords: 3,
      });
      expect(first).toMatchObject({ verifiedSeq: 3, headSeq: at(8), startedAt: 0 });
      expect(first.broken).toBeUndefined();
      expect(first.passStartedAt).toEqual(started);
      // The previous pass's completion stays the last one until this pass reaches the head.
      expect(first.genesisVerifiedAt?.getTime()).toBeLessThan(started.getTime());
      expect(await checkpoint()).toBe(3);

      let check = first;
      const steps: number[] = [];
      while (check.verifiedSeq < check.headSeq) {
        clock.advance(1000);
        check = await checkEvidence(store.db, { now: clock.now(), maxRecords: 3 });
        expect(check.broken).toBeUndefined();
        expect(check.passStartedAt).toEqual(started);
        steps.push(check.startedAt);
      }
      expect(steps[0]).toBe(3);
      expect(steps.every((from, n) => n === 0 || from === (steps[n - 1] ?? 0) + 3)).toBe(true);
      expect(check).toMatchObject({
        verifiedSeq: at(8),
        headSeq: at(8),
        genesisVerifiedSeq: at(8),
      });
      expect(check.genesisVerifiedAt).toEqual(clock.now());

      const shown = clock.now().toISOString().slice(0, 19).replace('T', ' ');
      const body = text((await view()).body);
      expect(body).toContain(`Last verified from the start: ${shown} UTC, records 1 to ${at(8)}.`);
    });
  });

  describe('search', () => {
    const requestId = randomUUID();
    const subject = randomUUID();
    const mine: number[] = [];
    const theirs: number[] = [];

    beforeAll(async () => {
      for (let n = 0; n < 3; n++) {
        mine.push(
          await append({
            action: 'request.verified',
            subjectRef: REQUESTER,
            details: { requestId, status: 'verified', n },
          }),
        );
        await append({ subjectRef: REQUESTER, details: { requestId: randomUUID() } });
        theirs.push(await append({ action: 'consent.recorded', subjectRef: subject }));
      }
      // A request id elsewhere in the details is not the request's own.
      await append({ details: { other: requestId } });
    });

    it('finds exactly the records of a request, newest first, with their fields', async () => {
      const response = await view(`?request=${requestId}`);
      expect(response.statusCode).toBe(200);
      expect(listed(response.body)).toEqual([...mine].reverse());
      expect(response.body).toContain(
        `<td>request.verified</td><td><code>system</code></td><td><code>${REQUESTER}</code></td>`,
      );
      expect(response.body).toContain('&quot;status&quot;:&quot;verified&quot;');
      expect(response.body).toContain(`value="${requestId}"`);
    });

    it('finds exactly the records of a subject, by a requester id or a ledger subject id', async () => {
      expect(listed((await view(`?subject=${subject}`)).body)).toEqual([...theirs].reverse());
      const requester = listed((await view(`?subject=${REQUESTER.toUpperCase()}`)).body);
      expect(requester).toHaveLength(6);
      expect(requester).toEqual([...requester].sort((a, b) => b - a));
      expect(listed((await view(`?subject=${REQUESTER}&request=${requestId}`)).body)).toEqual(
        [...mine].reverse(),
      );
      expect(text((await view(`?subject=rs_${'0'.repeat(32)}`)).body)).toContain(
        'No record matches.',
      );
    });

    it('pages by record number, 50 at a time', async () => {
      const many = randomUUID();
      const seqs: number[] = [];
      for (let n = 0; n < 53; n++) seqs.push(await append({ subjectRef: many }));
      const first = await view(`?subject=${many}`);
      expect(listed(first.body)).toEqual(seqs.slice(3).reverse());
      const older = /<a href="(\/console\/evidence\?[^"]+)">Older records<\/a>/.exec(
        first.body,
      )?.[1];
      expect(older).toBe(`/console/evidence?subject=${many}&amp;before=${seqs[3]}`);
      const second = await view(`?subject=${many}&before=${seqs[3]}`);
      expect(listed(second.body)).toEqual(seqs.slice(0, 3).reverse());
      expect(second.body).not.toContain('Older records');
      expect(second.body).toContain('Newest records');
    });

    it('answers a malformed id with a 400 page that does not repeat it', async () => {
      for (const query of [
        '?request=not-a-request',
        '?subject=ana%40example.com',
        `?subject=rs_${'a'.repeat(31)}`,
        `?request=${'a'.repeat(100_000)}`,
        `?request=${requestId}&request=${requestId}`,
        '?subject=x&before=0',
        `?subject=${subject}&before=1e3`,
        `?subject=${subject}&before=99999999999999999999`,
      ]) {
        const response = await view(query);
        expect(response.statusCode, query).toBe(400);
        expect(response.headers['content-type']).toContain('text/html');
        expect(response.body).toContain('role="alert"');
        expect(response.body).not.toContain('ana@example.com');
        expect(response.body).not.toContain('not-a-request');
        expect(listed(response.body)).toEqual([]);
      }
    });

    it('uses an index for each search rather than reading the chain', async () => {
      const plans = await store.db.connection().execute(async (db) => {
        await sql`set enable_seqscan = off`.execute(db);
        try {
          const subjectPlan = await sql<Record<string, string>>`explain select seq from evidence
            where subject_ref = ${subject} and seq < ${'100'} order by seq desc limit 51`.execute(
            db,
          );
          const requestPlan = await sql<Record<string, string>>`explain select seq from evidence
            where details ->> 'requestId' = ${requestId} order by seq desc limit 51`.execute(db);
          return [subjectPlan, requestPlan].map((plan) =>
            plan.rows.map((row) => Object.values(row).join(' ')).join('\n'),
          );
        } finally {
          await sql`reset enable_seqscan`.execute(db);
        }
      });
      expect(plans[0]).toContain('evidence_subject');
      expect(plans[1]).toContain('evidence_request');
    });
  });
});
