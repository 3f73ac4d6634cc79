import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { localize } from '../map/index.js';
import { InvalidArgumentError, Option } from 'commander';
import type {
  CollectionPlan,
  RetentionPlan,
  SweepCollectionReport,
  SweepReport,
} from '../retention/index.js';
import { columns } from './columns.js';
import type { Io } from './main.js';
import {
  withRequestsOptions,
  withRequestsRuntime,
  type RequestsFlags,
} from './requests-command.js';

/**
 * `custodian retention plan`: the dry run of a retention sweep (GDPR Art. 5(1)(e), 17(1)(a)). Per
 * collection with a retention rule, and per collection of Custodian's own records (map
 * `records`), counts of rows past retention, held, kept for restricted people (Art. 18(1)(c)) or
 * open requests, and due, with what a sweep would do. Counting queries only; nothing is changed.
 * Exit 1 when a collection could not be counted.
 */
export function registerRetentionCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
): void {
  const retention = program
    .command('retention')
    .description('keep data only as long as the map promises: plan (dry run), sweep, runs');
  withRequestsOptions(
    retention
      .command('plan')
      .description(
        'count, per collection, the rows past retention, held, kept and due; changes nothing',
      ),
  ).action(async (flags: RequestsFlags) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const [{ planOwnRecords, planRetention }, { withConnectors }] = await Promise.all([
        import('../retention/index.js'),
        import('../execution/index.js'),
      ]);
      const now = new Date();
      const plan = await withConnectors(runtime.map, runtime.mapDir, (connectors) =>
        planRetention({
          db: runtime.store.db,
          secret: runtime.secret,
          map: runtime.map,
          connectors,
          now,
          ownRecords: () => planOwnRecords({ db: runtime.store.db, map: runtime.map, now }),
        }),
      );
      if (flags.format === 'json') io.stdout(`${JSON.stringify(plan, null, 2)}\n`);
      else io.stdout(planText(plan));
      const failed = plan.collections.filter((c) => c.status === 'failed').length;
      io.stderr(
        `custodian: retention plan of ${plan.collections.length} collections${failed > 0 ? `, ${failed} failed` : ''}; nothing was changed\n`,
      );
      if (failed > 0) state.exitCode = EXIT.findings;
    });
  });

  withRequestsOptions(
    retention
      .command('sweep')
      .description(
        'delete or anonymise the rows past retention that nothing keeps, in short batches; resumes an interrupted run',
      )
      .addOption(
        new Option('--batch-size <rows>', 'the most rows one batch changes')
          .argParser(batchSize)
          .default(1000),
      ),
  ).action(async (flags: RequestsFlags & { batchSize: number }) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const [{ sweepRetention, ownRecordsSweep }, { withConnectors }] = await Promise.all([
        import('../retention/index.js'),
        import('../execution/index.js'),
      ]);
      const report = await withConnectors(runtime.map, runtime.mapDir, (connectors) =>
        sweepRetention({
          db: runtime.store.db,
          secret: runtime.secret,
          map: runtime.map,
          connectors,
          now: new Date(),
          actor: 'cli',
          trigger: 'cli',
          batchSize: flags.batchSize,
          ownRecords: ownRecordsSweep(runtime.store.db, runtime.map, 'cli'),
        }),
      );
      if (flags.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else io.stdout(sweepText(report));
      const failed = report.collections.filter((c) => c.status === 'failed').length;
      io.stderr(
        `custodian: retention sweep ${report.runId}${report.resumed ? ' (resumed)' : ''}: ${report.status}${failed > 0 ? `, ${failed} collections failed` : ''}\n`,
      );
      if (failed > 0) state.exitCode = EXIT.findings;
    });
  });

  withRequestsOptions(
    retention.command('runs').description('the last retention sweeps and what each did'),
  ).action(async (flags: RequestsFlags) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const { sweepRuns } = await import('../retention/index.js');
      const runs = await sweepRuns(runtime.store.db);
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify(runs, null, 2)}\n`);
        return;
      }
      const lines = runs.map((run) => {
        const collections = run.report?.collections ?? [];
        const deleted = collections.reduce(
          (n, c) => n + c.deleted + Object.values(c.withParent ?? {}).reduce((a, b) => a + b, 0),
          0,
        );
        const anonymised = collections.reduce((n, c) => n + c.anonymised, 0);
        const failed = collections.filter((c) => c.status === 'failed').length;
        return `${run.id}  ${run.startedAt.toISOString()}  ${run.trigger.padEnd(8)}  ${run.status.padEnd(9)}  deleted ${deleted}, anonymised ${anonymised}${failed > 0 ? `, ${failed} failed` : ''}`;
      });
      io.stdout(lines.length === 0 ? 'no retention sweep has run\n' : `${lines.join('\n')}\n`);
    });
  });
}

function batchSize(value: string): number {
  const rows = Number(value);
  if (!/^\d{1,6}$/.test(value) || rows < 1 || rows > 100_000) {
    throw new InvalidArgumentError('a whole number of rows from 1 to 100000');
  }
  return rows;
}

/** A sweep's report as a table, then one line per failure. */
export function sweepText(report: SweepReport): string {
  const head = [
    'datastore',
    'collection',
    'status',
    'action',
    'deleted',
    'anonymised',
    'kept',
    'batches',
  ];
  const kept = (c: SweepCollectionReport): string => {
    const parts = [
      c.kept.restricted > 0 ? `${c.kept.restricted} restricted` : '',
      c.kept.openRequest > 0 ? `${c.kept.openRequest} open request` : '',
      c.kept.referenced > 0 ? `${c.kept.referenced} referenced` : '',
    ].filter((part) => part !== '');
    return parts.length === 0 ? '-' : parts.join(', ');
  };
  const cells = report.collections.map((c) => [
    c.datastore,
    c.collection,
    c.status,
    c.action ?? '-',
    String(c.deleted) +
      Object.entries(c.withParent ?? {})
        .map(([name, count]) => ` +${count} ${name}`)
        .join(''),
    String(c.anonymised),
    kept(c),
    String(c.batches),
  ]);
  const notes = report.collections
    .filter((c) => c.error !== undefined)
    .map((c) => `failed ${c.datastore}.${c.collection}: ${c.error?.message ?? ''}`);
  return `${[columns(head, cells), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n')}\n`;
}

/** The plan as a table, then one line per hold, failure and warning. */
export function planText(plan: RetentionPlan): string {
  const head = [
    'datastore',
    'collection',
    'period',
    'from',
    'past',
    'held',
    'restricted',
    'open',
    'due',
    'action',
  ];
  const count = (value: number | undefined): string => (value === undefined ? '-' : String(value));
  const cells = plan.collections.map((c) => [
    c.datastore,
    c.collection,
    c.status === 'planned' || c.status === 'failed' ? (c.period ?? '-') : c.status,
    c.from ?? '-',
    count(c.past),
    count(c.held),
    count(c.restricted),
    count(c.openRequest),
    count(c.due),
    actionText(c),
  ]);
  const notes: string[] = [];
  for (const c of plan.collections) {
    for (const hold of c.holds ?? []) {
      const end =
        hold.until !== undefined
          ? `until ${hold.until}`
          : hold.perRow !== undefined
            ? `${hold.perRow.duration} after ${hold.perRow.field}`
            : 'no end';
      notes.push(
        `hold ${c.datastore}.${c.collection}${hold.keptWith === undefined ? '' : ` (with ${hold.keptWith})`}: ${localize(hold.reason, 'en')}${hold.basis === undefined ? '' : ` [${hold.basis}]`}, ${end}`,
      );
    }
    if (c.error !== undefined)
      notes.push(`failed ${c.datastore}.${c.collection}: ${c.error.message}`);
  }
  const people = plan.people;
  notes.push(
    `kept: ${people.restricted} restricted people (GDPR Art. 18(1)(c)), ${people.openRequests} open requests`,
  );
  if (people.restrictedUnplaced > 0) {
    notes.push(
      `warning: ${people.restrictedUnplaced} restricted people were found in no email or phone column (restricted through the API); only restrictionFlag columns keep rows of theirs elsewhere`,
    );
  }
  return `${[columns(head, cells), '', ...notes].join('\n')}\n`;
}

function actionText(c: CollectionPlan): string {
  if (c.action === undefined) return '-';
  if (c.action !== 'anonymise') return c.action;
  return `anonymise ${(c.fields ?? []).map((field) => `${field.name}=${field.strategy}`).join(' ')}`;
}
