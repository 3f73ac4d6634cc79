import type { Kysely } from 'kysely';
import type { DataMap } from '../map/index.js';
import type { Database } from '../store/index.js';
import { sweepOwnRecords } from './own-records.js';
import type { SweepCollectionReport } from './report.js';

/**
 * The sweep of Custodian's own records for a run (`SweepContext.ownRecords`): requests closed,
 * mail delivered and consent events replaced longer ago than the map's `records` periods, counted
 * back from the run's instant (src/retention/own-records.ts).
 */
export function ownRecordsSweep(
  db: Kysely<Database>,
  map: DataMap,
  actor: string,
): (runId: string, at: Date) => Promise<readonly SweepCollectionReport[]> {
  return (runId, at) => sweepOwnRecords({ db, map, now: at, runId, actor });
}
