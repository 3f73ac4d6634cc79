import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runRequest, type ExecutionContext } from '../../src/execution/index.js';
import { outboxContext, type OutgoingMail } from '../../src/mail/index.js';
import type { DataMap, Datastore } from '../../src/map/index.js';
import { approveRequest, getRequest, openRequest } from '../../src/requests/index.js';
import { buildServer } from '../../src/server/index.js';
import { unsealJson } from '../../src/store/index.js';
import { eachTarget } from '../support/stores.js';
import { BILLING, SHOP } from './fixture.js';
import { MAP, world, type World } from './setup.js';

/** The fixture map in the four notice languages, the invoices' hold reason given in each. */
const BILLING_TEXTS: Datastore = {
  ...BILLING,
  name: 'Billing',
  collections: BILLING.collections.map((collection) =>
    collection.name === 'invoices' && collection.hold !== undefined
      ? {
          ...collection,
          hold: {
            ...collection.hold,
            reason: {
              en: 'Tax law: 7 years',
              nl: 'Belastingwet: 7 jaar',
              fr: 'Droit fiscal : 7 ans',
              de: 'Steuerrecht: 7 Jahre',
            },
          },
        }
      : collection,
  ),
};
const LANGUAGES_MAP: DataMap = {
  ...MAP,
  notice: { ...MAP.notice, languages: ['en', 'nl', 'fr', 'de'] },
  datastores: [SHOP, BILLING_TEXTS],
};

eachTarget('the answer in the person’s language on $target', ({ target }) => {
  let w: World;
  let ctx: ExecutionContext;
  beforeAll(async () => {
    w = await world(target);
    ctx = { ...w.ctx, map: LANGUAGES_MAP };
  });
  afterAll(() => w.close());

  /** Opens a request for Ana as an operator, in `language`, approved. */
  const open = async (type: string, language: string): Promise<string> => {
    const opened = await openRequest(w.store.db, ctx, {
      type,
      email: 'ana@example.com',
      country: 'BE',
      language,
      operator: true,
    });
    if (opened.status === 'awaiting-approval') {
      await approveRequest(w.store.db, ctx, opened.requestId);
    }
    return opened.requestId;
  };

  /** The mails written for a request, oldest first, unsealed. */
  const mails = async (id: string): Promise<(OutgoingMail & { kind: string })[]> => {
    const rows = await w.store.db
      .selectFrom('outbox')
      .select(['id', 'kind', 'message_sealed'])
      .where('request_id', '=', id)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({
      kind: row.kind,
      ...unsealJson<OutgoingMail>(ctx.secret, row.message_sealed ?? '', outboxContext(row.id)),
    }));
  };

  it('writes the access package summary in German, with the records the law keeps', async () => {
    const id = await open('access', 'de');
    expect((await getRequest(w.store.db, id)).language).toBe('de');
    const outcome = await runRequest(ctx, id, { publicUrl: 'https://privacy.example.com' });
    if (outcome.dryRun) return expect.fail('not a dry run');
    const done = (await mails(id)).at(-1);
    expect(done?.kind).toBe('completion');
    expect(done?.subject).toBe('Ihr Antrag auf Auskunft ist erledigt');
    expect(done?.text).toContain('Herunterladen');

    const app = buildServer({
      store: w.store,
      map: LANGUAGES_MAP,
      secret: ctx.secret,
      signingKey: ctx.signingKey,
      clock: ctx.now,
    });
    try {
      const path = new URL(outcome.downloadUrl ?? '').pathname;
      // The page of the link is in her language too, whatever the browser says.
      const page = await app.inject({
        method: 'GET',
        url: path,
        headers: { 'accept-language': 'en' },
      });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Herunterladen');
      const zip = await app.inject({ method: 'POST', url: path });
      expect(zip.statusCode).toBe(200);
      const files = unzipSync(new Uint8Array(zip.rawPayload));
      const summary = strFromU8(files['summary.html'] ?? new Uint8Array());
      expect(summary).toContain('<html lang="de"');
      expect(summary).toContain('Ihre personenbezogenen Daten bei');
      expect(summary).toContain('Was wir von Gesetzes wegen aufbewahren');
      // GDPR Art. 17(3): the invoice (seven years from its date), the payment, the complaint.
      expect(summary).toContain('Billing (invoices)');
      expect(summary).toContain('Steuerrecht: 7 Jahre');
      expect(summary).toContain('BE WIB 92 art. 315');
      expect(summary).toContain('bis einschließlich 4. März 2031');
      expect(summary).toContain('Accounting law: 10 years');
      expect(summary).toContain('bis einschließlich 31. Mai 2035');
      expect(summary).toContain('bis einschließlich 30. Juni 2030');
      expect(summary).toContain('Recht auf Löschung');
      expect(summary).not.toContain('The data we hold about you');
      expect(summary).not.toContain('ana@example.com');
    } finally {
      await app.close();
    }
  });

  it('mails the completion of a Dutch erasure with what was kept, why and until when', async () => {
    const id = await open('erasure', 'nl');
    const outcome = await runRequest(ctx, id);
    if (outcome.dryRun) return expect.fail('not a dry run');
    expect(outcome.record.status).toBe('completed');
    const written = await mails(id);
    expect(written.map((mail) => mail.kind)).toEqual(['received', 'completion']);
    expect(written[0]?.subject).toBe('Wij hebben uw verzoek om gegevenswissing ontvangen');
    const done = written[1];
    expect(done?.subject).toBe('Uw verzoek om gegevenswissing is afgehandeld');
    const text = done?.text ?? '';
    expect(text).toContain('Wij hebben niet alles gewist');
    expect(text).toContain(
      [
        '- Billing (invoices): 1 record',
        '  Reden: Belastingwet: 7 jaar',
        '  Rechtsgrond: BE WIB 92 art. 315',
        '  Bewaard: tot en met 4 maart 2031',
      ].join('\n'),
    );
    expect(text).toContain('  Bewaard: tot en met 31 mei 2035');
    expect(text).toContain('  Bewaard: tot en met 30 juni 2030');
    // GDPR Art. 12(4): keeping records is a refusal in part; the person may complain.
    expect(text).toContain('klacht indienen bij een toezichthoudende autoriteit');
    expect(text).not.toContain('ana@example.com');
    expect(text).not.toMatch(/\b(We|your|request|until)\b/);
  });
});
