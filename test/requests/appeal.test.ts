import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerRequestsCommands } from '../../src/cli/requests-command.js';
import { routes } from '../../src/server/index.js';
import { expectProblem, get, harness, json, post, type Harness } from '../server/helpers.js';
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
import { person, requestHarness, tableText, type RequestHarness } from './fixture.js';

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
      law: 'vcdpa',
      controller: 'bestmix-inc',
      region: 'VA',
      status: 'unverified',
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
  });

  it("answers an appeal of someone else's request exactly like an unknown id", async () => {
    const denied = await deniedInVirginia();
    const other = await failure(
      openRequest(h.store.db, h.context(), {
        type: 'appeal',
        email: person('eve'),
        country: 'US',
        appealOf: denied.id,
      }),
    );
    const unknown = await failure(
      openRequest(h.store.db, h.context(), {
        type: 'appeal',
        email: denied.email,
        country: 'US',
        appealOf: '00000000-0000-4000-8000-000000000000',
      }),
    );
    expect(other).toEqual({ code: 'request.not_found', message: 'no request with this id' });
    expect(unknown).toEqual(other);
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
    const appealOf = (id: string, type = 'appeal', by = email) =>
      failure(
        openRequest(h.store.db, h.context(), {
          type,
          email: by,
          country: 'US',
          appealOf: id,
        }),
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
    expect(
      (
        await failure(
          openRequest(h.store.db, h.context(), {
            type: 'appeal',
            email: denied.email,
            country: 'US',
            appealOf: id,
          }),
        )
      ).code,
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
  let h: Harness;
  beforeAll(async () => {
    h = await harness(target);
  });
  afterAll(() => h.close());

  it('takes appealOf in the body, answers 404 for another person, and shows both links', async () => {
    const email = person('http');
    const opened = await post(h.app, '/v1/requests', {
      type: 'delete',
      subject: { email },
      country: 'US',
      state: 'VA',
    });
    expect(opened.statusCode, opened.body).toBe(202);
    const { requestId } = json(opened) as { requestId: string };
    const denied = await post(
      h.app,
      `/v1/requests/${requestId}/deny`,
      { reason: 'We could not verify you.' },
      h.keys['requests:write'],
    );
    expect(denied.statusCode, denied.body).toBe(200);

    const eve = person('eve');
    expectProblem(
      await post(h.app, '/v1/requests', {
        type: 'appeal',
        subject: { email: eve },
        country: 'US',
        appealOf: requestId,
      }),
      404,
      [eve],
    );
    const appealed = await post(h.app, '/v1/requests', {
      type: 'appeal',
      subject: { email },
      country: 'US',
      appealOf: requestId,
    });
    expect(appealed.statusCode, appealed.body).toBe(202);
    const appealId = (json(appealed) as { requestId: string }).requestId;
    expectProblem(
      await post(h.app, '/v1/requests', {
        type: 'appeal',
        subject: { email },
        country: 'US',
        appealOf: requestId,
      }),
      409,
      [email],
    );

    const original = json(await get(h.app, `/v1/requests/${requestId}`, h.keys['requests:read']));
    expect(original).toMatchObject({ appealOf: null, appeals: [appealId] });
    const shown = json(await get(h.app, `/v1/requests/${appealId}`, h.keys['requests:read']));
    expect(shown).toMatchObject({ type: 'appeal', law: 'vcdpa', appealOf: requestId, appeals: [] });

    // The OpenAPI document is generated from the same schema.
    const body = routes().find((r) => r.method === 'POST' && r.url === '/v1/requests')?.body;
    expect(
      body?.safeParse({ type: 'appeal', subject: { email }, country: 'US', appealOf: 'x' }).success,
    ).toBe(false);
    const doc = json(await get(h.app, '/v1/openapi.json'));
    expect(JSON.stringify(doc)).toContain('appealOf');
  });
});

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
      const code = await program.parseAsync(['requests', ...args], { from: 'user' }).then(
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
  }, 60_000);
});
