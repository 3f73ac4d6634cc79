/**
 * Retention: keeping personal data only as long as the map promises (GDPR Art. 5(1)(e)).
 *
 * Retention rule = per collection, the purposes its rows serve and the date the period counts
 * from (`retention:` in the map). Plan = the dry run: per collection, the rows past retention,
 * those kept (legal holds, restricted people, open requests) and what a sweep would do.
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
export {
  OWN_RECORDS,
  emptyReport,
  type SweepCollectionReport,
  type SweepReport,
} from './report.js';
export { OWN_RECORDS_BATCH, sweepOwnRecords, type OwnRecordsContext } from './own-records.js';
