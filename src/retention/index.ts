/**
 * Retention: keeping personal data only as long as the map promises (GDPR Art. 5(1)(e)).
 *
 * Retention rule = per collection, the purposes its rows serve and the date the period counts
 * from (`retention:` in the map). Plan = the dry run: per collection, the rows past retention,
 * those kept (legal holds, restricted people, open requests) and what a sweep would do. Sweep =
 * the plan carried out in short batches, with evidence per batch and a report per run.
 */
export {
  planRetention,
  subtractDuration,
  type CollectionPlan,
  type PlanHold,
  type RetentionAction,
  type RetentionPlan,
  type RetentionPlanContext,
} from './plan.js';
export { keptPeople, type KeptPeople, type KeySets } from './kept.js';
export { planOwnRecords } from './own-records.js';
export {
  emptyReport,
  OWN_RECORDS,
  type SweepCollectionReport,
  type SweepReport,
} from './report.js';
export {
  childrenFirst,
  sweepRetention,
  sweepRuns,
  SWEEP_BATCH,
  SWEEP_LOCK_TIMEOUT_MS,
  SWEEP_STATEMENT_TIMEOUT_MS,
  type BatchDone,
  type SweepContext,
} from './sweep.js';
export { ownRecordsSweep } from './own-records-hook.js';
export {
  DEFAULT_SWEEP_SCHEDULE,
  startRetentionSchedule,
  sweepScheduleFromEnv,
  SWEEP_QUEUE,
  type RetentionScheduleOptions,
} from './schedule.js';
export { OWN_RECORDS_BATCH, sweepOwnRecords, type OwnRecordsContext } from './own-records.js';
