/**
 * What a retention sweep reports: per collection (a datastore's, or Custodian's own records), what
 * it changed and what it kept, counts only. The same shape for the CLI, the scheduled job's log
 * and the run stored in `retention_runs`.
 */

/** The datastore name Custodian's own records (requests, outbox, consent events) report under. */
export const OWN_RECORDS = 'custodian';

export interface SweepCollectionReport {
  readonly datastore: string;
  readonly collection: string;
  /**
   * `swept`: every batch due was carried out; `failed`: stopped on `error` (what was done before
   * is counted); `no-rule`, `unbounded`, `keep`: nothing to do by the map; `skipped`: not reached
   * (the run was limited to other collections).
   */
  readonly status: 'swept' | 'failed' | 'no-rule' | 'unbounded' | 'keep' | 'skipped';
  /** What was done with rows past retention that nothing keeps. */
  readonly action?: 'delete' | 'anonymise' | 'keep';
  /** Rows dated before this instant were past retention. */
  readonly cutoff?: string;
  readonly deleted: number;
  readonly anonymised: number;
  /** Rows deleted with the rows they are part of (`partOf` without a rule of their own), by collection. */
  readonly withParent?: Readonly<Record<string, number>>;
  /** Rows past retention that were kept, by why (GDPR Art. 17(3), 18(1)(c)). */
  readonly kept: {
    /** A person restricted (Art. 18(1)(c)), by the ledger or the row's restriction flag. */
    readonly restricted: number;
    /** A person with a request open: the request decides. */
    readonly openRequest: number;
    /** Rows another collection still references (its own rule keeps them longer). */
    readonly referenced: number;
  };
  readonly batches: number;
  readonly error?: { readonly code: string; readonly message: string };
}

export interface SweepReport {
  readonly runId: string;
  /** Every period counts back from this instant, fixed for the run and kept across a resume. */
  readonly at: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** This invocation carried on a run that an earlier one left unfinished (a crash, a kill). */
  readonly resumed: boolean;
  /** `completed`: every collection swept or had nothing to do; `partial`: some failed. */
  readonly status: 'completed' | 'partial';
  readonly collections: readonly SweepCollectionReport[];
}

/** A report with nothing done yet. */
export function emptyReport(
  datastore: string,
  collection: string,
  status: SweepCollectionReport['status'],
): SweepCollectionReport {
  return {
    datastore,
    collection,
    status,
    deleted: 0,
    anonymised: 0,
    kept: { restricted: 0, openRequest: 0, referenced: 0 },
    batches: 0,
  };
}
