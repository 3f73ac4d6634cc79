import { columns } from './columns.js';
import path from 'node:path';
import type { Command } from 'commander';
import { CustodianError, EXIT } from '../errors.js';
import { appendEvidence } from '../evidence/index.js';
// The executor (and the connectors it opens) is imported by the commands that run it: importing
// it costs `requests list` and the other commands ~0.4 s.
import type {
  DryRunCollection,
  ExecutionContext,
  PlanHold,
  RunOutcome,
} from '../execution/index.js';
import { localize } from '../map/index.js';
import { getRequest, languageOf, requestSubject } from '../requests/index.js';
import { writePrivateFile } from '../store/index.js';
import type { Io } from './main.js';
import {
  sendMail,
  withRequestsOptions,
  withRequestsRuntime,
  type RequestsFlags,
} from './requests-command.js';

/** Request types whose answer is a package of the person's data. */
const PACKAGE_TYPES: readonly string[] = ['access', 'know', 'portability'];

/** Exit code of a package that cannot be written where `--out` says: a usage error. */
const USAGE = EXIT.usage;

/**
 * Adds the executor's subcommands to `custodian requests`:
 * - `run <id> [--dry-run]`: carry out an approved request (or resume a failed or interrupted one);
 *   with `--dry-run`, print per collection the rows found and held and what would be done;
 * - `package <id> [--out file.zip]`: write the access package of a request to a file, for an
 *   operator who hands it over another way than the download link.
 */
export function registerRequestsRunCommands(
  requests: Command,
  io: Io,
  state: { exitCode: number },
): void {
  withRequestsOptions(
    requests
      .command('run')
      .description('carry out a request across the datastores; --dry-run shows the plan in counts')
      .argument('<id>', 'the request id')
      .option('--dry-run', 'change nothing; print what would be done, with row counts only')
      .option(
        '--reason <ground>',
        'restriction: the GDPR Art. 18(1) ground (accuracy-contested, unlawful-processing, legal-claims, objection-pending)',
      )
      .option('--public-url <url>', 'base URL of download links (default: $CUSTODIAN_PUBLIC_URL)'),
  ).action(
    async (
      id: string,
      flags: RequestsFlags & { dryRun?: boolean; reason?: string; publicUrl?: string },
    ) => {
      await withRequestsRuntime(io, state, flags, async (runtime) => {
        // Run again after it completed (a script that retries, an operator who checks): nothing
        // is carried out twice; the answer is what the run left, an erasure's certificate.
        const request = await getRequest(runtime.store.db, id);
        if (request.status === 'completed' && flags.dryRun !== true) {
          const { storedCertificate } = await import('../execution/index.js');
          const certificate = await storedCertificate({ db: runtime.store.db }, request.id);
          if (flags.format === 'json') {
            io.stdout(
              `${JSON.stringify({ record: request, certificate: certificate ?? null }, null, 2)}\n`,
            );
          } else {
            io.stdout(`${request.id} completed\n`);
            if (certificate !== undefined) io.stdout(`${JSON.stringify(certificate, null, 2)}\n`);
          }
          io.stderr(
            `custodian: request ${request.id} was completed before; nothing was run again\n`,
          );
          return;
        }
        const { runRequest, withConnectors } = await import('../execution/index.js');
        await withConnectors(runtime.map, runtime.mapDir, async (connectors) => {
          const ctx: ExecutionContext = {
            ...runtime.context(),
            db: runtime.store.db,
            signingKey: runtime.signingKey,
            connectors,
          };
          const outcome = await runRequest(ctx, id, {
            ...(flags.dryRun === true ? { dryRun: true } : {}),
            ...(flags.reason === undefined ? {} : { restrictionReason: flags.reason }),
            ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
          });
          if (flags.format === 'json') {
            io.stdout(
              `${JSON.stringify(outcome.dryRun ? outcome : summaryOf(outcome), null, 2)}\n`,
            );
          } else if (outcome.dryRun) {
            io.stdout(dryRunTable(outcome.collections));
            io.stdout(holdLines(outcome.holds ?? []));
            io.stderr(
              `custodian: dry run of ${outcome.type} request ${outcome.requestId}${outcome.steps > 0 ? `: ${outcome.steps} steps` : ''}; nothing was changed\n`,
            );
          } else {
            io.stdout(`${outcome.record.id} ${outcome.record.status}\n`);
            if (outcome.downloadUrl !== undefined) io.stdout(`download ${outcome.downloadUrl}\n`);
            io.stdout(`${JSON.stringify(outcome.summary, null, 2)}\n`);
          }
          if (!outcome.dryRun) await sendMail(io, runtime);
        });
      });
    },
  );

  withRequestsOptions(
    requests
      .command('certificate')
      .description(
        'print the signed erasure certificate of a request (JSON), as GET /v1/requests/{id}/certificate does',
      )
      .argument('<id>', 'the request id'),
  ).action(async (id: string, flags: RequestsFlags) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const request = await getRequest(runtime.store.db, id);
      const { storedCertificate } = await import('../execution/index.js');
      const certificate = await storedCertificate({ db: runtime.store.db }, request.id);
      if (certificate === undefined) {
        throw new CustodianError(
          'certificate.not_found',
          `request ${request.id} has no certificate: only a completed erasure has one`,
        );
      }
      io.stdout(`${JSON.stringify(certificate, null, 2)}\n`);
    });
  });

  withRequestsOptions(
    requests
      .command('package')
      .description("write a request's access package (data.json, CSV, summary.html) to a zip file")
      .argument('<id>', 'the request id')
      .option('--out <file>', 'where to write it (default: personal-data-<id>.zip)'),
  ).action(async (id: string, flags: RequestsFlags & { out?: string }) => {
    await withRequestsRuntime(io, state, flags, async (runtime) => {
      const request = await getRequest(runtime.store.db, id);
      if (!PACKAGE_TYPES.includes(request.type)) {
        throw new CustodianError(
          'execution.not_a_package',
          `a ${request.type} request is not answered with a package`,
        );
      }
      if (!['approved', 'running', 'completed', 'failed'].includes(request.status)) {
        throw new CustodianError(
          'request.invalid_state',
          `a request that is ${request.status} has no package yet`,
        );
      }
      const { accessPackage, findPerson, foundHolds, liveSchemas, rememberedHeld, withConnectors } =
        await import('../execution/index.js');
      await withConnectors(runtime.map, runtime.mapDir, async (connectors) => {
        const subject = await requestSubject(runtime.store.db, runtime.secret, request.id);
        // From the rows an earlier erasure held too, as the run does.
        const schemas = await liveSchemas({ connectors });
        const found = await findPerson(runtime.map.datastores, connectors, subject.identities, {
          schemas,
          seeds: await rememberedHeld(runtime.store.db, runtime.secret, request.subjectRef),
        });
        const now = new Date();
        const zip = accessPackage(runtime.map, found, {
          requestId: request.id,
          generatedAt: now,
          country: request.country,
          // Written in the person's language, as the run writes it (GDPR Art. 12(1)).
          language: languageOf(runtime.map, request.language),
          holds: foundHolds(runtime.map.datastores, found, now, schemas),
        });
        const out = path.resolve(io.cwd, flags.out ?? `personal-data-${request.id}.zip`);
        try {
          // A person's data: readable by the operator only, also when it replaces an older file.
          await writePrivateFile(out, zip);
        } catch (cause) {
          io.stderr(
            `custodian: cannot write ${out} (${(cause as NodeJS.ErrnoException).code ?? 'error'})\n`,
          );
          state.exitCode = USAGE;
          return;
        }
        // The copy left Custodian's hands: the chain says so, with its size and nothing else.
        await appendEvidence(runtime.store.db, {
          actor: 'cli',
          action: 'package.exported',
          subjectRef: request.subjectRef,
          details: { requestId: request.id, bytes: zip.byteLength },
          at: now,
        });
        if (flags.format === 'json') {
          io.stdout(
            `${JSON.stringify({ requestId: request.id, file: out, bytes: zip.byteLength })}\n`,
          );
        } else {
          io.stdout(`${out}\n`);
          io.stderr(
            `custodian: wrote ${zip.byteLength} bytes; it holds the person's data: hand it over safely and delete it\n`,
          );
        }
      });
    });
  });
}

/** The dry run as a table: counts, operations and strategies, never a value. */
function dryRunTable(collections: readonly DryRunCollection[]): string {
  const rows = collections.filter((collection) => collection.found > 0);
  if (rows.length === 0) return 'nothing found\n';
  const head = ['datastore', 'collection', 'found', 'held', 'op', 'rows', 'strategies'];
  const cells = rows.map((c) => [
    c.datastore,
    c.collection,
    String(c.found),
    String(c.held),
    c.op,
    String(c.rows),
    Object.entries(c.strategies)
      .map(([field, strategy]) => `${field}=${strategy}`)
      .join(' '),
  ]);
  return `${columns(head, cells)}\n`;
}

/**
 * The holds of a dry run, a line each: the rows kept, the collection they are kept with, the
 * reason, the basis and the last day.
 */
function holdLines(holds: readonly PlanHold[]): string {
  return holds
    .map((hold) => {
      const until = hold.ends.at(-1)?.until ?? null;
      return `held: ${hold.datastore}.${hold.collection} ${hold.rows} row${hold.rows === 1 ? '' : 's'}${hold.keptWith === undefined ? '' : ` kept with ${hold.keptWith}`}: ${localize(hold.reason, 'en')}${hold.basis === undefined ? '' : ` (${hold.basis})`}, until ${until ?? 'an unknown date'}\n`;
    })
    .join('');
}

function summaryOf(outcome: Extract<RunOutcome, { dryRun: false }>) {
  return {
    requestId: outcome.record.id,
    status: outcome.record.status,
    summary: outcome.summary,
    ...(outcome.downloadUrl === undefined ? {} : { downloadUrl: outcome.downloadUrl }),
  };
}
