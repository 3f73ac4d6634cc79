import { Option, type Command } from 'commander';
import type {
  ArrivalsReport,
  FindingStatus,
  RowRedaction,
  SpecialFinding,
} from '../discovery/index.js';
import { EXIT } from '../errors.js';
import type { Io } from './main.js';
import {
  OPERATOR,
  withRequestsOptions,
  withRequestsRuntime,
  type RequestsFlags,
} from './requests-command.js';

const STATUSES: readonly FindingStatus[] = ['open', 'redacted', 'dismissed'];

/**
 * `custodian scan review|redact|dismiss|arrivals`: the review list of `specialCategories: purge`
 * (GDPR Art. 9(1), 10; docs/discovery-special.md). Output names findings by id, field, categories
 * and counts, and the row by its primary key; never the text.
 */
export function registerScanReviewCommands(
  scan: Command,
  io: Io,
  state: { exitCode: number },
): void {
  const operatorOption = new Option(
    '--operator <name>',
    'your handle, recorded as who decided (letters, digits, . _ -; not an email)',
  );
  const actorOf = (operator: string | undefined): string | undefined => {
    if (operator === undefined) return 'cli';
    if (OPERATOR.test(operator)) return `cli:${operator}`;
    io.stderr(
      'custodian: --operator takes a short handle (letters, digits, . _ -), not an email\n',
    );
    state.exitCode = EXIT.usage;
    return undefined;
  };

  withRequestsOptions(
    scan
      .command('review')
      .description(
        'list the rows whose purged fields revealed special categories on arrival (open by default)',
      )
      .addOption(new Option('--status <status>', 'findings of this status').choices(STATUSES))
      .option('--limit <n>', 'at most this many (1-10000)', '1000'),
  ).action(async (flags: RequestsFlags & { status?: FindingStatus; limit: string }) => {
    const limit = /^\d{1,5}$/.test(flags.limit) ? Number(flags.limit) : Number.NaN;
    if (!(limit >= 1 && limit <= 10_000)) {
      io.stderr('custodian: --limit must be a whole number from 1 to 10000\n');
      state.exitCode = EXIT.usage;
      return;
    }
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const { specialFindings } = await import('../discovery/index.js');
      const status = flags.status ?? 'open';
      const findings = await specialFindings(runtime.store.db, { status, limit });
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify(findings.map(findingJson), null, 2)}\n`);
      } else {
        for (const finding of findings) io.stdout(`${findingLine(finding)}\n`);
        io.stderr(
          `custodian: ${findings.length} ${status} finding${findings.length === 1 ? '' : 's'}${status === 'open' && findings.length > 0 ? '; next: custodian scan redact <id> or custodian scan dismiss <id> --reason …' : ''}\n`,
        );
      }
    });
  });

  withRequestsOptions(
    scan
      .command('redact')
      .description(
        "replace the special-category passages of a finding's row with markers, now, with evidence",
      )
      .argument('<id>', 'the finding, as `custodian scan review` lists it')
      .addOption(operatorOption),
  ).action(async (id: string, flags: RequestsFlags & { operator?: string }) => {
    const actor = actorOf(flags.operator);
    if (actor === undefined) return;
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const [{ redactFinding }, { withConnectors }] = await Promise.all([
        import('../discovery/index.js'),
        import('../execution/index.js'),
      ]);
      const done = await withConnectors(runtime.map, runtime.mapDir, (connectors) =>
        redactFinding(
          { db: runtime.store.db, map: runtime.map, connectors, now: () => new Date(), actor },
          id,
        ),
      );
      if (flags.format === 'json') {
        io.stdout(`${JSON.stringify({ ...findingJson(done), redaction: done.redaction })}\n`);
      } else {
        io.stdout(`${done.id} redacted\n`);
        io.stderr(`custodian: ${redactionText(done.redaction)}\n`);
      }
    });
  });

  withRequestsOptions(
    scan
      .command('dismiss')
      .description('mark a finding as not special-category data, with your reason and evidence')
      .argument('<id>', 'the finding, as `custodian scan review` lists it')
      .requiredOption(
        '--reason <text>',
        'why it is not special-category data (kept with the finding)',
      )
      .addOption(operatorOption),
  ).action(async (id: string, flags: RequestsFlags & { reason: string; operator?: string }) => {
    const actor = actorOf(flags.operator);
    if (actor === undefined) return;
    const { MAX_REASON } = await import('../discovery/index.js');
    if (flags.reason.trim().length < 3 || flags.reason.length > MAX_REASON) {
      io.stderr(`custodian: --reason takes 3 to ${MAX_REASON} characters\n`);
      state.exitCode = EXIT.usage;
      return;
    }
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const { dismissFinding } = await import('../discovery/index.js');
      const done = await dismissFinding(
        { db: runtime.store.db, now: () => new Date(), actor },
        id,
        flags.reason,
      );
      if (flags.format === 'json') io.stdout(`${JSON.stringify(findingJson(done))}\n`);
      else io.stdout(`${done.id} dismissed\n`);
    });
  });

  withRequestsOptions(
    scan
      .command('arrivals')
      .description(
        'scan the rows that arrived since the last pass in fields declared specialCategories: purge',
      )
      .option('--datastore <id>', 'only the purged fields of this datastore'),
  ).action(async (flags: RequestsFlags & { datastore?: string }) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      if (
        flags.datastore !== undefined &&
        !runtime.map.datastores.some((datastore) => datastore.id === flags.datastore)
      ) {
        io.stderr(`custodian: the map declares no datastore "${flags.datastore}"\n`);
        state.exitCode = EXIT.usage;
        return;
      }
      const [{ purgedFields, scanArrivals }, { withConnectors }] = await Promise.all([
        import('../discovery/index.js'),
        import('../execution/index.js'),
      ]);
      if (purgedFields(runtime.map).length === 0) {
        io.stderr(
          'custodian: no field declares specialCategories: purge; nothing to scan (docs/discovery-special.md)\n',
        );
        return;
      }
      const report = await withConnectors(runtime.map, runtime.mapDir, (connectors) =>
        scanArrivals(
          {
            db: runtime.store.db,
            map: runtime.map,
            connectors,
            now: () => new Date(),
            actor: 'cli',
          },
          flags.datastore === undefined ? {} : { datastore: flags.datastore },
        ),
      );
      if (flags.format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      else io.stdout(arrivalsText(report));
      const failed = report.fields.filter((field) => field.status !== 'scanned').length;
      const found = report.fields.reduce((sum, field) => sum + field.found, 0);
      io.stderr(
        `custodian: ${report.fields.length} purged field${report.fields.length === 1 ? '' : 's'} scanned, ${found} row${found === 1 ? '' : 's'} listed${failed > 0 ? `, ${failed} failed` : ''}${found > 0 ? '; next: custodian scan review' : ''}\n`,
      );
      if (failed > 0) state.exitCode = EXIT.findings;
    });
  });
}

function findingJson(finding: SpecialFinding): Record<string, unknown> {
  return {
    id: finding.id,
    datastore: finding.datastore,
    collection: finding.collection,
    field: finding.field,
    row: finding.row.map((value) =>
      value instanceof Date ? value.toISOString() : value instanceof Uint8Array ? '(bytes)' : value,
    ),
    categories: finding.categories,
    passages: finding.passages,
    status: finding.status,
    foundAt: finding.foundAt.toISOString(),
    decidedAt: finding.decidedAt?.toISOString() ?? null,
    decidedBy: finding.decidedBy,
  };
}

function findingLine(finding: SpecialFinding): string {
  const row = findingJson(finding)['row'] as unknown[];
  return [
    finding.id,
    `${finding.datastore}.${finding.collection}.${finding.field}`,
    finding.categories.join(','),
    `${finding.passages} passage${finding.passages === 1 ? '' : 's'}`,
    `found ${finding.foundAt.toISOString()}`,
    `row ${JSON.stringify(row)}`,
    finding.status === 'open' ? '' : `${finding.status} by ${finding.decidedBy ?? '?'}`,
  ]
    .join('  ')
    .trimEnd();
}

function redactionText(redaction: RowRedaction): string {
  switch (redaction.outcome) {
    case 'redacted':
      return `${redaction.replaced} passage${redaction.replaced === 1 ? '' : 's'} replaced (${Object.entries(
        redaction.byCategory,
      )
        .map(([category, count]) => `${category} ${String(count)}`)
        .join(', ')})`;
    case 'nothing-left':
      return "the row's text reveals nothing any more; nothing was changed";
    case 'row-gone':
      return 'the row no longer exists; nothing was changed';
  }
}

/** One line per purged field: counts only. */
function arrivalsText(report: ArrivalsReport): string {
  return report.fields
    .map(
      (field) =>
        `${field.datastore}.${field.collection}.${field.field}  ${field.mode}  ${field.status}  rows ${field.rows}  found ${field.found}  redacted ${field.redacted}${field.redactFailed > 0 ? `  not redacted ${field.redactFailed}` : ''}${field.more ? '  (more waiting)' : ''}${field.error === undefined ? '' : `  ${field.error.message} (${field.error.code})`}\n`,
    )
    .join('');
}
