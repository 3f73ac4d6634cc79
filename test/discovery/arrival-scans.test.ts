import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  arrivalsInterval,
  ARRIVALS_EVERY_MS,
  specialFindings,
  startArrivalScans,
  type ArrivalsReport,
} from '../../src/discovery/index.js';
import { startJobs, type Jobs, type JobsLogger } from '../../src/jobs/index.js';
import type { DataMap } from '../../src/map/index.js';
import type { Store } from '../../src/store/index.js';
import { load } from '../support/load.js';
import { freshStore } from '../support/stores.js';
import { VALID_YAML } from '../map/helpers.js';
import {
  FIRST_TICKETS,
  helpdeskYaml,
  PLAIN_TEXTS,
  plantHelpdesk,
  SPECIAL_TEXTS,
  type Helpdesk,
} from './purge-fixture.js';

/** The serve job: a pass queued every interval, run by the worker, logged without text. */
describe('startArrivalScans', () => {
  let helpdesk: Helpdesk;
  let store: Store;
  let jobs: Jobs;
  let map: DataMap;
  const lines: unknown[] = [];
  const logger: JobsLogger & { info: (d: object, m: string) => void } = {
    warn: (d, m) => lines.push({ m, ...d }),
    error: (d, m) => lines.push({ m, ...d }),
    info: (d, m) => lines.push({ m, ...d }),
  };

  beforeEach(async () => {
    helpdesk = await plantHelpdesk('pglite');
    await helpdesk.insert(FIRST_TICKETS);
    store = await freshStore('pglite');
    jobs = await startJobs(store, { logger });
    map = load(
      `${VALID_YAML.trimEnd()}\ndatastores:\n${helpdeskYaml('pglite', helpdesk.connection)}`,
    );
  });
  afterEach(async () => {
    await jobs.stop();
    await store.close();
    await helpdesk.drop();
  });

  it('runs a pass through the job queue, lists the findings and logs counts only', async () => {
    const passes: ArrivalsReport[] = [];
    let turns = 0;
    let passed = (): void => undefined;
    const first = new Promise<void>((resolve) => (passed = resolve));
    const scans = await startArrivalScans({
      jobs,
      db: store.db,
      map,
      mapDir: helpdesk.mapDir,
      intervalMs: 60_000,
      logger,
      pollingIntervalSeconds: 0.5,
      // The request runner's turn in `serve`: the pass's connectors are opened inside it.
      inTurn: async (work) => {
        turns += 1;
        return work();
      },
      onPass: (report) => {
        passes.push(report);
        passed();
      },
    });
    await first;
    await scans.stop();
    expect(passes).toHaveLength(1);
    expect(turns).toBe(1);
    expect(passes[0]?.fields.map((f) => [f.field, f.found, f.redacted])).toEqual([
      ['message', 5, 5],
      ['note', 5, 0],
    ]);
    expect(await specialFindings(store.db)).toHaveLength(5);
    expect(lines).toEqual([
      {
        m: 'special: special categories found on arrival; see custodian scan review',
        found: 10,
        redacted: 5,
      },
    ]);
    const logged = JSON.stringify(lines);
    for (const text of [...SPECIAL_TEXTS, ...PLAIN_TEXTS]) expect(logged).not.toContain(text);
  });

  it('starts nothing when no field is purged', async () => {
    const plain = load(VALID_YAML);
    const scans = await startArrivalScans({
      jobs,
      db: store.db,
      map: plain,
      mapDir: helpdesk.mapDir,
    });
    await scans.stop();
    expect(await jobs.boss.getQueue('special.arrivals')).toBeNull();
  });
});

describe('CUSTODIAN_ARRIVALS_EVERY', () => {
  it('is ten minutes when unset, seconds when set, and refused when not a number of seconds', () => {
    expect(arrivalsInterval({})).toBe(ARRIVALS_EVERY_MS);
    expect(arrivalsInterval({ CUSTODIAN_ARRIVALS_EVERY: '30' })).toBe(30_000);
    for (const bad of ['0', '-5', '1.5', 'ten', '100000']) {
      expect(() => arrivalsInterval({ CUSTODIAN_ARRIVALS_EVERY: bad })).toThrow(
        /CUSTODIAN_ARRIVALS_EVERY must be a whole number of seconds/,
      );
    }
  });
});
