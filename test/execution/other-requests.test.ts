import { afterEach, beforeEach, expect, it } from 'vitest';
import { runRequest } from '../../src/execution/index.js';
import { checkConsent, consentState } from '../../src/ledger/index.js';
import { eachTarget } from '../support/stores.js';
import { world, type World } from './setup.js';

eachTarget('rectification, restriction and choices on $target', ({ target }) => {
  let w: World;
  beforeEach(async () => {
    w = await world(target);
  });
  afterEach(async () => {
    await w.close();
  });

  it('corrects the named fields where they are rectifiable, and leaves held rows', async () => {
    const id = await w.open('rectification', {
      changes: { name: 'Ana Voorbeeld', email: 'ana.new@example.com', city: 'Brugge' },
    });
    const dry = await runRequest(w.ctx, id, { dryRun: true });
    if (!dry.dryRun) return expect.fail('a dry run');
    expect(dry.collections.find((c) => c.collection === 'customers')).toMatchObject({
      op: 'update',
      rows: 1,
      strategies: { email: 'rectify', name: 'rectify' },
    });
    const done = await runRequest(w.ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary).toMatchObject({ held: 1, unmatched: ['city'] });
    const customers = await w.shop.rows('shop', 'customers');
    expect(customers[0]).toMatchObject({
      name: 'Ana Voorbeeld',
      email: 'ana.new@example.com',
      city: 'Gent',
    });
    expect(customers[1]).toMatchObject({ name: 'Bob Example', email: 'bob@example.com' });
    // The newsletter has her new name and address too; the complaint on file is evidence.
    expect(await w.shop.rows('billing', 'subscribers')).toEqual([
      { id: 801, email: 'ana.new@example.com', name: 'Ana Voorbeeld' },
      { id: 802, email: 'bob@example.com', name: 'Bob' },
    ]);
    expect((await w.shop.rows('billing', 'complaints'))[0]).toMatchObject({
      email: 'ana@example.com',
    });
    // The key of customer_emails is never rewritten.
    expect((await w.shop.rows('shop', 'customer_emails')).map((r) => r['email'])).toContain(
      'ana.work@example.com',
    );
  });

  it('restricts in the ledger and sets the flag columns of the rows found', async () => {
    const id = await w.open('restriction');
    const done = await runRequest(w.ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary).toMatchObject({
      reason: 'accuracy-contested',
      collections: [{ datastore: 'shop', collection: 'customers', rows: 1 }],
    });
    const flags = (await w.shop.rows('shop', 'customers')).map((row) => row['restricted']);
    expect(flags).toEqual([true, false]);
    const check = await checkConsent(w.store.db, w.ctx, {
      purpose: 'fraud',
      subjects: [{ subject: { email: 'ana@example.com' } }],
    });
    expect(check.results[0]).toMatchObject({ allowed: false, reason: 'restricted' });
  });

  it('records an objection to every purpose the person can object to', async () => {
    const id = await w.open('objection');
    const done = await runRequest(w.ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary['recorded']).toEqual([
      'newsletter',
      'analytics',
      'ads',
      'fraud',
      'postal-offers',
      'claims',
      'census',
    ]);
    const state = await consentState(w.store.db, w.ctx, { email: 'ana@example.com' });
    expect(state.objections.map((objection) => objection.purpose).sort()).toContain('fraud');
  });

  it('withdraws every consent', async () => {
    const id = await w.open('withdraw-consent');
    const done = await runRequest(w.ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary['recorded']).toEqual(['newsletter', 'analytics', 'ads']);
  });

  it('opts a Californian out of sale and sharing', async () => {
    const id = await w.open('opt-out-sale', { country: 'US' });
    const done = await runRequest(w.ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary['recorded']).toEqual(expect.arrayContaining(['ads', 'newsletter']));
    expect(done.summary['recorded']).not.toContain('orders');
  });
});
