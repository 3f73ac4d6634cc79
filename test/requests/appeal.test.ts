import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRequestsCommands } from '../../src/cli/requests-command.js';
import type { FastifyInstance } from 'fastify';
import { certificateSigningKey } from '../../src/store/index.js';
import { buildServer, createApiKey, routes } from '../../src/server/index.js';
import { expectProblem, get, json, post } from '../server/helpers.js';
import { CustodianError } from '../../src/errors.js';
import { verifyEvidence } from '../../src/evidence/index.js';
import {
  approveRequest,
  denyRequest,
  getRequest,
  markCompleted,
  markRunning,
  openRequest,
  requestDetail,
  verifyRequest,
} from '../../src/requests/index.js';
import { eachTarget } from '../support/stores.js';
import { person, requestHarness, SECRET, tableText, type RequestHarness } from './fixture.js';

/** The error a promise rejects with: code and message. */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CustodianError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a CustodianError');
}

eachTarget('appeals on $target', ({ target }) => {
  let h: RequestHarness;
  beforeAll(async () => {
    h = await requestHarness(target);
  });
  afterAll(() => h.close());

  /** A Virginian's delete request, opened by an operator and denied. */
  async function deniedInVirginia(email = person()): Promise<{ id: string; email: string }> {
    const opened = await openRequest(h.store.db, h.context('cli:ops'), {
      type: 'delete',
      email,
      country: 'US',
      state: 'VA',
      operator: true,
    });
    await denyRequest(h.store.db, h.context('cli:ops'), opened.requestId, 'We found no account.');
    return { id: opened.requestId, email };
  }

  /** An appeal by the public intake, its code typed in. */
  async function appeal(appealOf: string, email: string): Promise<string> {
    const { requestId } = await openRequest(h.store.db, h.context(), {
      type: 'appeal',
      email,
      country: 'US',
      appealOf,
    });
    await h.deliver();
    await verifyRequest(h.store.db, h.context(), requestId, h.sink.codeFor(email));
    return requestId;
  }

  it('opens an appeal of a denied request, due 60 days from its receipt (Va. Code 59.1-578(C))', async () => {
    const denied = await deniedInVirginia();
    const opened = await openRequest(h.store.db, h.context(), {
      type: 'appeal',
      email: denied.email.toUpperCase(),
      country: 'US',
      appealOf: denied.id.toUpperCase(),
    });
    // Received 2 March 2026: 60 days is 1 May.
    expect(opened.dueAt.toISOString()).toBe('2026-05-01T23:59:59.999Z');
    expect(await getRequest(h.store.db, opened.requestId)).toMatchObject({
      type: 'appeal',
      status: 'unverified',
    });
    // Nothing is read from or written to the appealed request before the code is typed.
    expect((await requestDetail(h.store.db, h.context().secret, denied.id)).appeals).toEqual([]);
    // Someone typing the code: an appeal always waits for a person to decide.
    await h.deliver();
    const verified = await verifyRequest(
      h.store.db,
      h.context(),
      opened.requestId,
      h.sink.codeFor(denied.email),
    );
    expect(verified.status).toBe('awaiting-approval');
    expect(h.approved).not.toContain(opened.requestId);
    // Now answered by the controller, under the law, of the request appealed.
    expect(await getRequest(h.store.db, opened.requestId)).toMatchObject({
      law: 'vcdpa',
      controller: 'bestmix-inc',
      region: 'VA',
      dueAt: new Date('2026-05-01T23:59:59.999Z'),
    });
    const appealDetail = await requestDetail(h.store.db, h.context().secret, opened.requestId);
    expect(appealDetail.appealOf).toBe(denied.id);
    const original = await requestDetail(h.store.db, h.context().secret, denied.id);
    expect(original.appeals).toEqual([opened.requestId]);
    expect(original.events.at(-1)).toMatchObject({
      kind: 'appealed',
      status: 'denied',
      details: { appeal: opened.requestId },
    });
  });

  it("answers an appeal of someone else's request exactly like an unknown id, and only after the code", async () => {
    const denied = await deniedInVirginia();
    const eve = person('eve');
    const intake = (email: string, appealOf: string) =>
      openRequest(h.store.db, h.context(), { type: 'appeal', email, country: 'US', appealOf });
    const unknownId = '00000000-0000-4000-8000-000000000000';
    // The intake accepts both alike: it does not look at the request named.
    const other = await intake(eve, denied.id);
    const unknown = await intake(denied.email, unknownId);
    expect(other.status).toBe('unverified');
    expect(unknown.status).toBe('unverified');
    expect(other.dueAt).toEqual(unknown.dueAt);
    await h.deliver();
    const otherFailure = await failure(
      verifyRequest(h.store.db, h.context(), other.requestId, h.sink.codeFor(eve)),
    );
    const unknownFailure = await failure(
      verifyRequest(h.store.db, h.context(), unknown.requestId, h.sink.codeFor(denied.email)),
    );
    expect(otherFailure).toEqual({ code: 'request.not_found', message: 'no request with this id' });
    expect(unknownFailure).toEqual(otherFailure);
    // Neither appeal went on, and the appealed request was not touched.
    expect((await getRequest(h.store.db, other.requestId)).status).toBe('unverified');
    expect((await requestDetail(h.store.db, h.context().secret, denied.id)).appeals).toEqual([]);
  });

  it('refuses appeals of requests not refused, under laws without one, twice, or unnamed', async () => {
    const email = person();
    const pending = await openRequest(h.store.db, h.context('cli:ops'), {
      type: 'delete',
      email,
      country: 'US',
      state: 'VA',
      operator: true,
    });
    /** An appeal by the public intake and its code typed in: what the verification answers. */
    const appealOf = async (id: string, type = 'appeal', by = email) =>
      failure(
        (async () => {
          const opened = await openRequest(h.store.db, h.context(), {
            type,
            email: by,
            country: 'US',
            appealOf: id,
          });
          await h.deliver();
          await verifyRequest(h.store.db, h.context(), opened.requestId, h.sink.codeFor(by));
        })(),
      );
    expect((await appealOf(pending.requestId)).code).toBe('request.not_appealable');

    // The GDPR has no appeal: a complaint to the supervisory authority instead.
    const gdpr = await openRequest(h.store.db, h.context('cli:ops'), {
      type: 'erasure',
      email,
      country: 'BE',
      operator: true,
    });
    await denyRequest(h.store.db, h.context('cli:ops'), gdpr.requestId, 'No data.');
    expect((await appealOf(gdpr.requestId)).code).toBe('request.type_not_granted');

    const denied = await deniedInVirginia(email);
    expect((await appealOf(denied.id, 'access')).code).toBe('request.appeal_of_unexpected');
    expect(
      (
        await failure(
          openRequest(h.store.db, h.context(), {
            type: 'appeal',
            email,
            country: 'US',
            state: 'VA',
          }),
        )
      ).code,
    ).toBe('request.appeal_of_required');
    await appeal(denied.id, email);
    expect((await appealOf(denied.id)).code).toBe('request.already_appealed');

    // Completed, but with data kept under a legal hold: a refusal in part, appealable.
    const completed = async (held: number): Promise<string> => {
      const opened = await openRequest(h.store.db, h.context('cli:ops'), {
        type: 'delete',
        email,
        country: 'US',
        state: 'VA',
        operator: true,
      });
      await approveRequest(h.store.db, h.context('cli:ops'), opened.requestId);
      await markRunning(h.store.db, h.context('cli:ops'), opened.requestId);
      await markCompleted(h.store.db, h.context('cli:ops'), opened.requestId, {
        deleted: 4,
        held,
      });
      return opened.requestId;
    };
    expect((await appealOf(await completed(0))).code).toBe('request.not_appealable');
    const partly = await completed(2);
    await appeal(partly, email);
    expect((await requestDetail(h.store.db, h.context().secret, partly)).appeals).toHaveLength(1);
  });

  it('mails a denied appeal with the reasons and how to reach the Attorney General', async () => {
    const denied = await deniedInVirginia();
    const id = await appeal(denied.id, denied.email);
    const refused = await denyRequest(
      h.store.db,
      h.context('cli:ops'),
      id,
      'The data is kept under a tax hold.',
    );
    expect(refused.status).toBe('denied');
    await h.deliver();
    const mail = h.sink.mails.filter((m) => m.to.includes(denied.email)).at(-1);
    expect(mail?.subject).toBe('Your appeal request was not granted');
    expect(mail?.text).toContain('The data is kept under a tax hold.');
    // Va. Code 59.1-578(C): how to contact the Attorney General to submit a complaint.
    expect(mail?.text).toContain('the Attorney General of Virginia');
    expect(mail?.text).toContain('https://www.oag.state.va.us');
    const original = await requestDetail(h.store.db, h.context().secret, denied.id);
    expect(original.events.at(-1)).toMatchObject({
      kind: 'appeal-denied',
      details: { appeal: id },
    });
    // An appeal of the appeal is not a thing: the Attorney General is.
    const again = await openRequest(h.store.db, h.context(), {
      type: 'appeal',
      email: denied.email,
      country: 'US',
      appealOf: id,
    });
    await h.deliver();
    const code = h.sink.codeFor(denied.email);
    expect(
      (await failure(verifyRequest(h.store.db, h.context(), again.requestId, code))).code,
    ).toBe('request.not_appealable');
  });

  it('completes a granted appeal, tells the person, and notes it on both timelines', async () => {
    const denied = await deniedInVirginia();
    const id = await appeal(denied.id, denied.email);
    const granted = await approveRequest(h.store.db, h.context('cli:ops'), id);
    expect(granted).toMatchObject({
      status: 'completed',
      summary: { outcome: 'granted', appealOf: denied.id },
    });
    expect(h.approved).not.toContain(id);
    await h.deliver();
    const mail = h.sink.mails.filter((m) => m.to.includes(denied.email)).at(-1);
    expect(mail?.subject).toBe('Your appeal request is complete');
    const original = await requestDetail(h.store.db, h.context().secret, denied.id);
    expect(
      original.events.map((event) => event.kind).filter((kind) => kind.startsWith('appeal')),
    ).toEqual(['appealed', 'appeal-granted']);
    expect((await verifyEvidence(h.store.db)).ok).toBe(true);
    const evidence = await tableText(h.store.db, 'evidence');
    expect(evidence).toContain('request.appealed');
    expect(evidence).toContain('request.appeal_granted');
    expect(evidence).not.toContain(denied.email);
  });
});

eachTarget('appeals over HTTP on $target', ({ target }) => {
  let h: RequestHarness;
  let app: FastifyInstance;
  let keys: { read: string; write: string };
  beforeAll(async () => {
    h = await requestHarness(target);
    app = buildServer({
      store: h.store,
      map: h.map,
      secret: SECRET,
      signingKey: await certificateSigningKey(h.store.db),
      clock: h.clock.now,
      requestRateLimit: false,
    });
    const key = async (scope: string) =>
      (await createApiKey(h.store.db, { name: scope, scopes: [scope] })).key;
    keys = { read: await key('requests:read'), write: await key('requests:write') };
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  /** Opens a request by the intake and types its code: the verification's answer. */
  async function openAndVerify(body: Record<string, unknown>, email: string) {
    const opened = await post(app, '/v1/requests', { ...body, subject: { email } });
    expect(opened.statusCode, opened.body).toBe(202);
    const { requestId } = json(opened) as { requestId: string };
    await h.deliver();
    const code = h.sink.codeFor(email);
    return { requestId, verified: await post(app, `/v1/requests/${requestId}/verify`, { code }) };
  }

  it('takes appealOf in the body, checks it once the code is typed, and shows both links', async () => {
    const email = person('http');
    const { requestId } = await openAndVerify(
      { type: 'delete', country: 'US', state: 'VA' },
      email,
    );
    const denied = await post(
      app,
      `/v1/requests/${requestId}/deny`,
      { reason: 'We could not verify you.' },
      keys.write,
    );
    expect(denied.statusCode, denied.body).toBe(200);

    const eve = person('eve');
    const byEve = await openAndVerify({ type: 'appeal', country: 'US', appealOf: requestId }, eve);
    expectProblem(byEve.verified, 404, [eve]);
    const appealed = await openAndVerify(
      { type: 'appeal', country: 'US', appealOf: requestId },
      email,
    );
    expect(appealed.verified.statusCode, appealed.verified.body).toBe(200);
    const appealId = appealed.requestId;
    const twice = await openAndVerify(
      { type: 'appeal', country: 'US', appealOf: requestId },
      email,
    );
    expectProblem(twice.verified, 409, [email]);

    const original = json(await get(app, `/v1/requests/${requestId}`, keys.read));
    expect(original).toMatchObject({ appealOf: null, appeals: [appealId] });
    const shown = json(await get(app, `/v1/requests/${appealId}`, keys.read));
    expect(shown).toMatchObject({ type: 'appeal', law: 'vcdpa', appealOf: requestId, appeals: [] });

    // The OpenAPI document is generated from the same schema.
    const body = routes().find((r) => r.method === 'POST' && r.url === '/v1/requests')?.body;
    expect(
      body?.safeParse({ type: 'appeal', subject: { email }, country: 'US', appealOf: 'x' }).success,
    ).toBe(false);
    const doc = json(await get(app, '/v1/openapi.json'));
    expect(JSON.stringify(doc)).toContain('appealOf');
  });
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('custodian requests open --type appeal', () => {
  it('opens an appeal of a denied request by --appeal-of, and shows the link', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'custodian-appeal-'));
    const run = async (args: readonly string[]) => {
      let out = '';
      let err = '';
      const io = { stdout: (t: string) => (out += t), stderr: (t: string) => (err += t), cwd: dir };
      const state = { exitCode: 0 };
      const program = new Command('custodian')
        .exitOverride()
        .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
      registerRequestsCommands(program, io, state);
      // The demo map: the requests commands need one (`--map`).
      const map = path.join(ROOT, 'examples', 'bestmix', 'privacy.yaml');
      const code = await program
        .parseAsync(['requests', ...args, '--map', map], {
          from: 'user',
        })
        .then(
          () => state.exitCode,
          (error: unknown) => {
            if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
            throw error;
          },
        );
      return { code, out, err };
    };
    const saved = process.env['CUSTODIAN_SMTP_URL'];
    delete process.env['CUSTODIAN_SMTP_URL'];
    try {
      const email = person('cli');
      const base = ['--email', email, '--country', 'US', '--operator', 'jan'];
      const opened = await run(['open', '--type', 'delete', '--state', 'VA', ...base]);
      expect(opened.code, opened.err).toBe(0);
      const id = opened.out.trim();
      expect((await run(['deny', id, '--reason', 'No account found.'])).code).toBe(0);
      const appeal = await run(['open', '--type', 'appeal', '--appeal-of', id, ...base]);
      expect(appeal.code, appeal.err).toBe(0);
      const appealId = appeal.out.trim();
      const shown = await run(['show', appealId]);
      expect(shown.out).toContain(`appeals   ${id}`);
      expect(shown.out).toContain('awaiting-approval');
      const original = await run(['show', id]);
      expect(original.out).toContain(`appealed  by ${appealId}`);
      const granted = await run(['approve', appealId]);
      expect(granted.code, granted.err).toBe(0);
      expect(granted.out).toBe(`${appealId} granted\n`);
      expect(granted.err).not.toContain('requests run');
      const again = await run(['open', '--type', 'appeal', '--appeal-of', id, ...base]);
      expect(again.code).toBe(2);
      expect(again.err).toContain('request.already_appealed');
      expect(again.err).not.toContain(email);
    } finally {
      if (saved !== undefined) process.env['CUSTODIAN_SMTP_URL'] = saved;
    }
  }, 120_000);
});
