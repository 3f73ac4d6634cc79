import type { Command } from 'commander';
import { EXIT } from '../errors.js';
import { localize } from '../map/index.js';
import type { CollectionPlan, RetentionPlan } from '../retention/index.js';
import type { Io } from './main.js';
import {
  withRequestsOptions,
  withRequestsRuntime,
  type RequestsFlags,
} from './requests-command.js';

/**
 * `custodian retention plan`: the dry run of a retention sweep (GDPR Art. 5(1)(e), 17(1)(a)). Per
 * collection with a retention rule, counts of rows past retention, held, kept for restricted
 * people (Art. 18(1)(c)) or open requests, and due, with what a sweep would do. Counting queries
 * only; nothing is changed. Exit 1 when a collection could not be counted.
 */
export function registerRetentionCommands(
  program: Command,
  io: Io,
  state: { exitCode: number },
): void {
  const retention = program
    .command('retention')
    .description('keep data only as long as the map promises: plan (dry run)');
  withRequestsOptions(
    retention
      .command('plan')
      .description(
        'count, per collection, the rows past retention, held, kept and due; changes nothing',
      ),
  ).action(async (flags: RequestsFlags) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const [{ planRetention }, { withConnectors }] = await Promise.all([
        import('../retention/index.js'),
        import('../execution/index.js'),
      ]);
      const plan = await withConnectors(runtime.map, runtime.mapDir, (connectors) =>
        planRetention({
          db: runtime.store.db,
          secret: runtime.secret,
          map: runtime.map,
          connectors,
          now: new Date(),
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
  const widths = head.map((title, index) =>
    Math.max(title.length, ...cells.map((row) => (row[index] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
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
      `warning: ${people.restrictedUnplaced} restricted people were restricted outside a request; only restrictionFlag columns keep their rows`,
    );
  }
  return `${[line(head), ...cells.map(line), '', ...notes].join('\n')}\n`;
}

function actionText(c: CollectionPlan): string {
  if (c.action === undefined) return '-';
  if (c.action !== 'anonymise') return c.action;
  return `anonymise ${(c.fields ?? []).map((field) => `${field.name}=${field.strategy}`).join(' ')}`;
}
