import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  recipientsToInform,
  runRequest,
  type ExecutionContext,
} from '../../src/execution/index.js';
import type { DataMap } from '../../src/map/index.js';
import { requestDetail } from '../../src/requests/index.js';
import { eachTarget } from '../support/stores.js';
import { MAP, world, type World } from './setup.js';

/**
 * The execution map with two more recipients: a mailing service for the newsletter (email
 * addresses) and a printer for offers by post (names). The ad network receives IP addresses only,
 * which no datastore field holds.
 */
function withRecipients(map: DataMap): DataMap {
  const adnetwork = map.recipients.find((recipient) => recipient.id === 'adnetwork');
  if (adnetwork === undefined) throw new Error('the ledger map has an ad network');
  return {
    ...map,
    recipients: [
      ...map.recipients,
      { ...adnetwork, id: 'mailer', name: 'Example Mail Ltd', type: 'processor' },
      { ...adnetwork, id: 'printer', name: { en: 'Example Print BV', nl: 'Voorbeelddruk BV' } },
    ],
    purposes: map.purposes.map((purpose) =>
      purpose.id === 'newsletter'
        ? { ...purpose, recipients: [...purpose.recipients, 'mailer'] }
        : purpose.id === 'postal-offers'
          ? { ...purpose, recipients: [...purpose.recipients, 'printer'] }
          : purpose,
    ),
  };
}

const MAILER = { id: 'mailer', name: 'Example Mail Ltd' };
const PRINTER = { id: 'printer', name: 'Example Print BV' };

it('lists the recipients of purposes whose categories overlap the fields touched (GDPR Art. 19)', () => {
  const map = withRecipients(MAP);
  const touched = (collection: string, fields: string[]) => [
    { datastore: 'shop', collection, fields },
  ];
  expect(recipientsToInform(map, touched('customers', ['email']))).toEqual([MAILER]);
  expect(recipientsToInform(map, touched('customers', ['name']))).toEqual([PRINTER]);
  expect(recipientsToInform(map, touched('customers', ['name', 'email', 'phone']))).toEqual([
    MAILER,
    PRINTER,
  ]);
  // No categories on the field: no purpose, no recipient.
  expect(recipientsToInform(map, touched('customers', ['city']))).toEqual([]);
  // A field declared by a broader category concerns the purposes of its narrower ones.
  const broad: DataMap = {
    ...map,
    datastores: map.datastores.map((datastore) => ({
      ...datastore,
      collections: datastore.collections.map((collection) => ({
        ...collection,
        fields: collection.fields.map((field) =>
          field.name === 'city' ? { ...field, categories: ['contact'] } : field,
        ),
      })),
    })),
  };
  expect(recipientsToInform(broad, touched('customers', ['city']))).toEqual([MAILER]);
});

eachTarget('recipients to inform on $target', ({ target }) => {
  let w: World;
  let ctx: ExecutionContext;
  beforeEach(async () => {
    w = await world(target);
    ctx = { ...w.ctx, map: withRecipients(w.ctx.map) };
  });
  afterEach(async () => {
    await w.close();
  });

  /** The recipients on the request's `completed` timeline entry. */
  const onTimeline = async (id: string): Promise<unknown> => {
    const detail = await requestDetail(ctx.db, ctx.secret, id);
    const completed = detail.events.find((event) => event.kind === 'completed');
    return (completed?.details['summary'] as Record<string, unknown> | undefined)?.['recipients'];
  };

  it('lists them when an erasure completes, in the summary and on the timeline', async () => {
    const id = await w.open('erasure');
    const done = await runRequest(ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary['recipients']).toEqual([MAILER, PRINTER]);
    expect(done.record.summary?.['recipients']).toEqual([MAILER, PRINTER]);
    expect(await onTimeline(id)).toEqual([MAILER, PRINTER]);
  });

  it('lists only those receiving the corrected fields after a rectification', async () => {
    const id = await w.open('rectification', { changes: { name: 'Ana Voorbeeld' } });
    const done = await runRequest(ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary['recipients']).toEqual([PRINTER]);
    expect(await onTimeline(id)).toEqual([PRINTER]);
  });

  it('lists those receiving any of the data found after a restriction', async () => {
    const id = await w.open('restriction');
    const done = await runRequest(ctx, id);
    if (done.dryRun) return expect.fail('not a dry run');
    expect(done.summary['recipients']).toEqual([MAILER, PRINTER]);
  });
});
