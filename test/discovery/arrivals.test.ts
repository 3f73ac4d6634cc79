import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Connector } from '../../src/datastores/connector.js';
import {
  detectSpecialCategories,
  dismissFinding,
  redactFinding,
  redactSpecialCategories,
  scanArrivals,
  specialFindings,
} from '../../src/discovery/index.js';
import { CustodianError } from '../../src/errors.js';
import { withConnectors } from '../../src/execution/index.js';
import type { DataMap } from '../../src/map/index.js';
import type { Store } from '../../src/store/index.js';
import { eachDb } from '../datastores/fixture.js';
import { load } from '../support/load.js';
import { freshStore, POSTGRES_URL } from '../support/stores.js';
import { VALID_YAML } from '../map/helpers.js';
import {
  FIRST_TICKETS,
  helpdeskYaml,
  PLAIN_TEXTS,
  plantHelpdesk,
  SPECIAL_TEXTS,
  type Helpdesk,
} from './purge-fixture.js';

/** What a detected-and-redacted text becomes: exactly the detector's passages replaced. */
function redacted(text: string): string {
  const scan = detectSpecialCategories(text);
  const result = redactSpecialCategories(text, scan.findings, scan.language);
  if (!result.ok) throw new Error('redaction refused');
  return result.text;
}

const NOW = new Date('2026-12-06T09:00:00Z');

eachDb('specialCategories: purge on $target', ({ target }) => {
  let helpdesk: Helpdesk;
  let store: Store;
  let map: DataMap;
  let clock: Date;

  beforeEach(async () => {
    helpdesk = await plantHelpdesk(target);
    await helpdesk.insert(FIRST_TICKETS);
    // Custodian's own store on PostgreSQL when one is configured, beside PGlite's.
    store = await freshStore(
      target === 'postgres' && POSTGRES_URL !== undefined ? 'postgres' : 'pglite',
    );
    map = load(
      `${VALID_YAML.trimEnd()}\ndatastores:\n${helpdeskYaml(target, helpdesk.connection)}`,
    );
    clock = NOW;
  });
  afterEach(async () => {
    await store.close();
    await helpdesk.drop();
  });

  const connected = <T>(work: (connectors: ReadonlyMap<string, Connector>) => Promise<T>) =>
    withConnectors(map, helpdesk.mapDir, work, helpdesk.env);
  const arrivals = (options: { pageRows?: number; pagesPerRun?: number } = {}) =>
    connected((connectors) =>
      scanArrivals({ db: store.db, map, connectors, now: () => clock, actor: 'system' }, options),
    );
  const evidence = () =>
    store.db
      .selectFrom('evidence')
      .selectAll()
      .where('action', 'like', 'special.%')
      .orderBy('seq')
      .execute();
  const keysOf = (findings: readonly { row: readonly unknown[] }[]) =>
    findings.map((finding) => Number(finding.row[0])).sort((a, b) => a - b);

  it('lists the special rows of each purged field, redacts the automatic one, and leaves the rest', async () => {
    const report = await arrivals({ pageRows: 4 });
    const specialIds = [1, 3, 5, 7, 9];
    expect(
      report.fields.map((f) => [f.field, f.mode, f.status, f.rows, f.found, f.redacted]),
    ).toEqual([
      ['message', 'automatic', 'scanned', 10, 5, 5],
      ['note', 'review', 'scanned', 10, 5, 0],
    ]);

    // The review list: the note's five special rows open, the message's five redacted; no plain row.
    const open = await specialFindings(store.db);
    expect(open.every((finding) => finding.field === 'note')).toBe(true);
    expect(keysOf(open)).toEqual(specialIds);
    const done = await specialFindings(store.db, { status: 'redacted' });
    expect(
      done.every((finding) => finding.field === 'message' && finding.decidedBy === 'system'),
    ).toBe(true);
    expect(keysOf(done)).toEqual(specialIds);
    expect(open.find((finding) => Number(finding.row[0]) === 5)?.categories).toEqual([
      'trade-union',
    ]);
    expect(open.find((finding) => Number(finding.row[0]) === 9)?.categories).toEqual(['criminal']);

    // Exactly the detected passages are gone from message; note and subject are untouched.
    const rows = await helpdesk.rows();
    for (const [id, text] of FIRST_TICKETS) {
      const [subject, message, note] = rows.get(id) ?? [];
      expect(subject).toBe(text);
      expect(note).toBe(text);
      expect(message).toBe(specialIds.includes(id) ? redacted(text) : text);
      if (specialIds.includes(id)) expect(message).not.toBe(text);
    }
    expect(rows.get(1)?.[1]).toBe(
      'I have [removed: health] every day, so please deliver before noon.',
    );

    // Evidence: one special.scanned per page and field, one special.redacted per row; no text.
    const records = await evidence();
    expect(records.filter((r) => r.action === 'special.scanned')).toHaveLength(6);
    const redactions = records.filter((r) => r.action === 'special.redacted');
    expect(redactions).toHaveLength(5);
    expect(redactions[0]?.details).toMatchObject({
      datastore: 'helpdesk',
      collection: 'purge_tickets',
      field: 'message',
      outcome: 'redacted',
      replaced: 1,
      automatic: true,
    });
    const all = JSON.stringify(records);
    for (const text of [...SPECIAL_TEXTS, ...PLAIN_TEXTS]) expect(all).not.toContain(text);
    for (const word of ['diabetes', 'zwanger', 'syndicat', 'Krebs', 'fraud', 'example.com']) {
      expect(all).not.toContain(word);
    }
  });

  it('reads only the rows that arrived since the last pass, and lists nothing twice', async () => {
    await arrivals();
    const first = await specialFindings(store.db);
    const again = await arrivals();
    expect(again.fields.map((f) => [f.rows, f.found, f.redacted])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await specialFindings(store.db)).toEqual(first);

    await helpdesk.insert([
      [11, PLAIN_TEXTS[0] ?? ''],
      [12, "J'ai un cancer et je ne peux pas porter le colis."],
    ]);
    clock = new Date(NOW.getTime() + 600_000);
    const later = await arrivals();
    expect(later.fields.map((f) => [f.rows, f.found, f.redacted])).toEqual([
      [2, 1, 1],
      [2, 1, 0],
    ]);
    const open = await specialFindings(store.db);
    expect(keysOf(open)).toEqual([1, 3, 5, 7, 9, 12]);
    expect(open.at(-1)?.foundAt).toEqual(clock);
    expect((await helpdesk.rows()).get(11)?.[1]).toBe(PLAIN_TEXTS[0]);
  });

  it('stops at its page bound and carries on from there at the next pass', async () => {
    const first = await arrivals({ pageRows: 3, pagesPerRun: 2 });
    expect(first.fields.map((f) => [f.rows, f.more])).toEqual([
      [6, true],
      [6, true],
    ]);
    expect(keysOf(await specialFindings(store.db))).toEqual([1, 3, 5]);
    const second = await arrivals({ pageRows: 3, pagesPerRun: 2 });
    expect(second.fields.map((f) => [f.rows, f.more])).toEqual([
      [4, false],
      [4, false],
    ]);
    expect(keysOf(await specialFindings(store.db))).toEqual([1, 3, 5, 7, 9]);
  });

  it('a page scanned again (a pass that died before its watermark) lists nothing twice', async () => {
    await arrivals();
    await store.db.deleteFrom('special_watermarks').execute();
    const again = await arrivals();
    // The redacted messages scan clean (their markers are never findings); the notes are found
    // again, and listed once.
    expect(again.fields.map((f) => [f.rows, f.found])).toEqual([
      [10, 0],
      [10, 5],
    ]);
    expect(await store.db.selectFrom('special_findings').select('id').execute()).toHaveLength(10);
    expect(again.fields[0]?.redacted).toBe(0);
  });

  it('tries an automatic redaction that did not happen again at the next pass', async () => {
    await arrivals();
    // As if the redaction of row 1 had failed (a lock held too long): its text back, its finding open.
    await connected(async (connectors) => {
      await connectors.get('helpdesk')?.apply([
        {
          op: 'update',
          collection: 'purge_tickets',
          keys: [[1]],
          set: { message: SPECIAL_TEXTS[0] ?? '' },
        },
      ]);
    });
    await store.db
      .updateTable('special_findings')
      .set({ status: 'open', decided_at: null, decided_by: null })
      .where('field', '=', 'message')
      .where(sql<boolean>`row_key = '[1]'::jsonb`)
      .execute();
    const next = await arrivals();
    expect(next.fields.map((f) => [f.rows, f.found, f.redacted])).toEqual([
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect((await helpdesk.rows()).get(1)?.[1]).toBe(redacted(SPECIAL_TEXTS[0] ?? ''));
    expect((await specialFindings(store.db)).every((finding) => finding.field === 'note')).toBe(
      true,
    );
  });

  it('redacts and dismisses review findings by hand, with evidence, once each', async () => {
    await arrivals();
    const open = await specialFindings(store.db);
    const one = open.find((finding) => Number(finding.row[0]) === 1);
    const seven = open.find((finding) => Number(finding.row[0]) === 7);
    const five = open.find((finding) => Number(finding.row[0]) === 5);
    if (one === undefined || seven === undefined || five === undefined) throw new Error('listed');

    // The row changed since it was listed: the text it holds now is redacted, not the old one.
    const edited = 'Update: I am pregnant, the delivery can wait.';
    await connected(async (connectors) => {
      const connector = connectors.get('helpdesk');
      const collection = map.datastores[0]?.collections[0];
      if (connector === undefined || collection === undefined) throw new Error('declared');
      await connector.apply([
        {
          op: 'update',
          collection: collection.name,
          keys: [[seven.row[0] ?? null]],
          set: { note: edited },
        },
      ]);
    });

    const done = await connected((connectors) =>
      redactFinding({ db: store.db, map, connectors, now: () => clock, actor: 'cli:ops' }, one.id),
    );
    expect(done.redaction).toMatchObject({ outcome: 'redacted', replaced: 1 });
    const changed = await connected((connectors) =>
      redactFinding(
        { db: store.db, map, connectors, now: () => clock, actor: 'cli:ops' },
        seven.id,
      ),
    );
    expect(changed.redaction.outcome).toBe('redacted');
    const dismissed = await dismissFinding(
      { db: store.db, now: () => clock, actor: 'cli:ops' },
      five.id,
      'a delivery address, not a membership',
    );
    expect(dismissed.status).toBe('dismissed');

    const rows = await helpdesk.rows();
    expect(rows.get(1)?.[2]).toBe(redacted(SPECIAL_TEXTS[0] ?? ''));
    expect(rows.get(7)?.[2]).toBe(redacted(edited));
    expect(rows.get(7)?.[2]).toContain('[removed: health]');
    expect(rows.get(5)?.[2]).toBe(SPECIAL_TEXTS[2]);
    expect(keysOf(await specialFindings(store.db))).toEqual([3, 9]);

    // Decided once: again is refused, as is an id that is not listed.
    await expect(
      connected((connectors) =>
        redactFinding({ db: store.db, map, connectors, now: () => clock, actor: 'cli' }, one.id),
      ),
    ).rejects.toMatchObject({ code: 'special.finding_decided' });
    await expect(
      dismissFinding({ db: store.db, now: () => clock, actor: 'cli' }, five.id, 'again'),
    ).rejects.toMatchObject({ code: 'special.finding_decided' });
    const missing = await dismissFinding(
      { db: store.db, now: () => clock, actor: 'cli' },
      'not-an-id',
      'typo',
    ).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(CustodianError);
    expect((missing as CustodianError).code).toBe('special.finding_not_found');
    expect((missing as CustodianError).message).not.toContain('not-an-id');

    const records = await evidence();
    const byHand = records.filter((r) => r.actor === 'cli:ops');
    expect(byHand.map((r) => r.action)).toEqual([
      'special.redacted',
      'special.redacted',
      'special.dismissed',
    ]);
    expect(byHand[2]?.details).toEqual({
      finding: five.id,
      datastore: 'helpdesk',
      collection: 'purge_tickets',
      field: 'note',
      categories: ['trade-union'],
    });
    const all = JSON.stringify(records);
    for (const text of [...SPECIAL_TEXTS, edited, 'delivery address'])
      expect(all).not.toContain(text);
  });
});
