import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { denyRequest, openRequest, requestDetail } from '../../src/requests/index.js';
import { certificateSigningKey } from '../../src/store/index.js';
import { buildServer } from '../../src/server/index.js';
import { json, post } from '../server/helpers.js';
import { person, requestHarness, SECRET, type RequestHarness } from '../requests/fixture.js';
import { eachTarget } from '../support/stores.js';

/**
 * Issue 9, fault 9: the public intake checked an appeal's `appealOf` at once, so its answer told
 * whether an email owns a request id (422 or 409 for the owner, 404 for anyone else) and what
 * state that request was in. It now answers every appeal alike and checks the request appealed
 * only once the mailed code shows the email is the requester's.
 */
eachTarget('appeal intake tells a stranger nothing ($target)', ({ target }) => {
  let h: RequestHarness;
  let app: FastifyInstance;
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
  });
  afterAll(async () => {
    await app.close();
    await h.close();
  });

  const operator = (type: string, email: string, country: string, state?: string) =>
    openRequest(h.store.db, h.context('cli:ops'), {
      type,
      email,
      country,
      ...(state === undefined ? {} : { state }),
      operator: true,
    });

  it('answers an appeal the same whatever the request id names, before and at a wrong code', async () => {
    const owner = person('owner');
    const denied = await operator('delete', owner, 'US', 'VA');
    await denyRequest(h.store.db, h.context('cli:ops'), denied.requestId, 'No account found.');
    const pending = await operator('delete', owner, 'US', 'VA');
    const gdpr = await operator('erasure', owner, 'BE');
    await denyRequest(h.store.db, h.context('cli:ops'), gdpr.requestId, 'No data.');
    const cases: [string, string][] = [
      ['the owner, a denied request', denied.requestId],
      ['the owner, a request not refused', pending.requestId],
      ['the owner, a request under a law without appeals', gdpr.requestId],
      ['the owner, an unknown id', '00000000-0000-4000-8000-000000000000'],
    ];
    const answers: { name: string; status: number; keys: string[]; dueAt: string }[] = [];
    const wrongCode: { name: string; status: number; code: string }[] = [];
    const strangers = [owner, person('stranger')];
    for (const email of strangers) {
      for (const [name, appealOf] of cases) {
        const label = `${email === owner ? '' : 'a stranger: '}${name}`;
        const response = await post(app, '/v1/requests', {
          type: 'appeal',
          subject: { email },
          country: 'US',
          state: 'VA',
          appealOf,
        });
        const body = json(response) as { requestId: string; dueAt: string };
        answers.push({
          name: label,
          status: response.statusCode,
          keys: Object.keys(body).sort(),
          dueAt: body.dueAt,
        });
        const verified = await post(app, `/v1/requests/${body.requestId}/verify`, {
          code: '000000',
        });
        // A one-in-a-million chance the wrong code is right; then this case says nothing.
        if (verified.statusCode === 200) continue;
        wrongCode.push({
          name: label,
          status: verified.statusCode,
          code: (json(verified) as { code: string }).code,
        });
      }
    }
    for (const answer of answers) {
      expect(answer, answer.name).toEqual({ ...answers[0], name: answer.name });
    }
    expect(answers[0]).toMatchObject({ status: 202, keys: ['dueAt', 'requestId'] });
    for (const answer of wrongCode) {
      expect(answer, answer.name).toEqual({
        name: answer.name,
        status: 422,
        code: 'request.wrong_code',
      });
    }
    // No one's request was marked appealed by an appeal nobody confirmed.
    for (const id of [denied.requestId, pending.requestId, gdpr.requestId]) {
      expect((await requestDetail(h.store.db, SECRET, id)).appeals).toEqual([]);
    }
  });
});
