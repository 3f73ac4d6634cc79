import type { Kysely } from 'kysely';
import type { DataMap } from '../map/index.js';
import type { Database } from '../store/index.js';
import type { SweepCollectionReport } from './report.js';

/**
 * The sweep of Custodian's own records for a run (`SweepContext.ownRecords`): requests closed,
 * mail delivered and consent events superseded longer ago than the map's `records` periods.
 * (Being built: nothing is swept yet.)
 */
export function ownRecordsSweep(
  _db: Kysely<Database>,
  _map: DataMap,
  _actor: string,
): (runId: string, at: Date) => Promise<readonly SweepCollectionReport[]> {
  return () => Promise.resolve([]);
}
