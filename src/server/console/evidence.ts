import type { FastifyInstance } from 'fastify';
import {
  CHECK_MAX_RECORDS,
  checkEvidence,
  searchEvidence,
  type EvidenceBreak,
  type EvidenceRecord,
  type EvidenceStatus,
} from '../../evidence/index.js';
import type { StaffSession } from '../../staff/index.js';
import { escapeHtml, html } from '../html.js';
import type { ServerContext } from '../route.js';
import { csrfField, field, REQUEST_ID, refuse, type ConsoleGuards } from './guards.js';
import { consolePage } from './layout.js';

/** Records listed per page of a search. */
const PAGE_SIZE = 50;

/** Longer than any id the search takes: refused before any pattern runs. */
const MAX_ID_LENGTH = 64;

/**
 * A subject id as evidence records name people: `rs_` and 32 hex digits for a requester
 * (src/requests subjectRefOf), a UUID for a subject of the ledger (consent, objection).
 */
const SUBJECT_ID =
  /^(?:rs_[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** A sequence to page from: a positive integer that fits a bigint and a double exactly. */
const SEQUENCE = /^[1-9]\d{0,14}$/;

const BREAKS: Readonly<Record<EvidenceBreak, string>> = {
  altered: 'its content no longer gives its hash',
  missing: 'it is missing',
  reordered: 'it does not link to the hash of the record before it',
  'head-mismatch': 'the head of the chain disagrees with it',
};

interface Search {
  readonly requestId?: string;
  readonly subjectRef?: string;
  readonly before?: number;
}

/** The search of a query string, or why it is refused. Empty fields count as absent. */
function parseSearch(query: unknown): { ok: true; search: Search } | { ok: false; error: string } {
  const text = (name: string): string | undefined | null => {
    const value =
      typeof query === 'object' && query !== null
        ? (query as Record<string, unknown>)[name]
        : undefined;
    if (value === undefined) return undefined;
    // Repeated or nested parameters are not something the form sends.
    if (typeof value !== 'string' || value.length > MAX_ID_LENGTH) return null;
    const trimmed = value.trim().toLowerCase();
    return trimmed === '' ? undefined : trimmed;
  };
  const requestId = text('request');
  const subjectRef = text('subject');
  const before = text('before');
  if (requestId === null || (requestId !== undefined && !REQUEST_ID.test(requestId))) {
    return {
      ok: false,
      error: 'A request id is a UUID, like 0b6c2a4e-2f7d-4a51-9d5e-3c1f2b7a9e10.',
    };
  }
  if (subjectRef === null || (subjectRef !== undefined && !SUBJECT_ID.test(subjectRef))) {
    return {
      ok: false,
      error: 'A subject id is rs_ followed by 32 hexadecimal digits, or a UUID.',
    };
  }
  if (before === null || (before !== undefined && !SEQUENCE.test(before))) {
    return { ok: false, error: 'The page to continue from is a record number.' };
  }
  return {
    ok: true,
    search: {
      ...(requestId === undefined ? {} : { requestId }),
      ...(subjectRef === undefined ? {} : { subjectRef }),
      ...(before === undefined ? {} : { before: Number(before) }),
    },
  };
}

function time(at: Date | null): string {
  if (at === null) return '';
  const iso = at.toISOString();
  return `<time datetime="${iso}">${iso.slice(0, 19).replace('T', ' ')} UTC</time>`;
}

function statusSection(status: EvidenceStatus, session: StaffSession): string {
  const { verifiedSeq, headSeq, broken } = status;
  let verdict: string;
  let more = '';
  if (broken !== undefined) {
    const where =
      status.startedAt > 0
        ? `Records 1 to ${status.startedAt} verified before (the checkpoint); if one of them has changed since, verifying from the start finds the first.`
        : 'Found walking from the start: it is the first bad record.';
    verdict = `<div class="broken" role="alert"><p><strong>The chain is broken at record ${broken.at}:</strong> ${escapeHtml(BREAKS[broken.reason])} (<code>${broken.reason}</code>). Verified up to record ${verifiedSeq} of ${headSeq}.</p>
<p>${escapeHtml(where)} Confirm with <code>custodian evidence verify</code> and treat it as a security incident.</p></div>`;
  } else if (headSeq === 0) {
    verdict = '<p class="verified">The chain is empty: no record yet.</p>';
  } else if (verifiedSeq >= headSeq) {
    verdict = `<p class="verified"><strong>Verified up to record ${verifiedSeq}</strong>, the last one.</p>`;
  } else {
    verdict = `<p><strong>Verified up to record ${verifiedSeq} of ${headSeq}</strong>, continuing: each view or click verifies up to ${CHECK_MAX_RECORDS.toLocaleString('en')} more.</p>`;
    more = `<form method="post" action="/console/evidence/verify">${csrfField(session)}<input type="hidden" name="from" value="checkpoint"><button type="submit">Continue verifying</button></form>`;
  }
  const genesis =
    status.genesisVerifiedAt === null
      ? '<p>The chain has not yet been verified from the start in the console.</p>'
      : `<p>Last verified from the start: ${time(status.genesisVerifiedAt)}, records 1 to ${status.genesisVerifiedSeq ?? 0}.</p>`;
  const pass =
    status.passStartedAt === null
      ? ''
      : `<p>The records up to the checkpoint were verified by a walk from the start begun ${time(status.passStartedAt)}; later records as they came.</p>`;
  return `<section aria-labelledby="chain">
<h2 id="chain">Chain</h2>
${verdict}
${more}
${genesis}
${pass}
<form method="post" action="/console/evidence/verify">${csrfField(session)}<input type="hidden" name="from" value="genesis"><button type="submit">Verify from the start</button></form>
<p class="note">The console keeps a checkpoint (the last record it verified) in the database and verifies only what came after it. The checkpoint is a cache: whoever can write the database can rewrite it along with the chain. <code>custodian evidence verify</code> ignores it and walks every record; it is the authority, together with a head anchored outside the database (<code>custodian evidence head</code>).</p>
</section>`;
}

function recordRow(record: EvidenceRecord): string {
  return `<tr><td>${record.seq}</td><td>${time(record.recordedAt)}</td><td>${escapeHtml(record.action)}</td><td><code>${escapeHtml(record.actor)}</code></td><td><code>${escapeHtml(record.subjectRef ?? '')}</code></td><td><code>${escapeHtml(JSON.stringify(record.details))}</code></td></tr>`;
}

async function searchSection(
  context: ServerContext,
  search: Search | undefined,
  error: string | undefined,
): Promise<string> {
  const value = (v: string | undefined): string =>
    v === undefined ? '' : ` value="${escapeHtml(v)}"`;
  const form = `<form method="get" action="/console/evidence">
<p><label for="search-request">Request id</label><br><input id="search-request" name="request" maxlength="${MAX_ID_LENGTH}" size="40" autocomplete="off" spellcheck="false"${value(search?.requestId)}></p>
<p><label for="search-subject">Subject id</label><br><input id="search-subject" name="subject" maxlength="${MAX_ID_LENGTH}" size="40" autocomplete="off" spellcheck="false"${value(search?.subjectRef)}></p>
<p><button type="submit">Search</button></p>
</form>
<p class="note">Opaque ids only (a request id, or the subject id records carry), never an email: the search goes into the address.</p>`;
  const problem =
    error === undefined ? '' : `<p role="alert"><strong>${escapeHtml(error)}</strong></p>`;
  let results = '';
  if (search !== undefined && (search.requestId !== undefined || search.subjectRef !== undefined)) {
    const found = await searchEvidence(context.db, { ...search, limit: PAGE_SIZE });
    const query = new URLSearchParams();
    if (search.requestId !== undefined) query.set('request', search.requestId);
    if (search.subjectRef !== undefined) query.set('subject', search.subjectRef);
    const older =
      found.next === undefined
        ? ''
        : `<p><a href="/console/evidence?${escapeHtml(new URLSearchParams([...query, ['before', String(found.next)]]).toString())}">Older records</a></p>`;
    const newest =
      search.before === undefined
        ? ''
        : `<p><a href="/console/evidence?${escapeHtml(query.toString())}">Newest records</a></p>`;
    results =
      found.records.length === 0
        ? `<p role="status">No record${search.before === undefined ? '' : ' older than that'} matches.</p>${newest}`
        : `<table>
<caption>Matching records, newest first</caption>
<thead><tr><th scope="col">Record</th><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Actor</th><th scope="col">Subject id</th><th scope="col">Details</th></tr></thead>
<tbody>
${found.records.map(recordRow).join('\n')}
</tbody>
</table>
${older}${newest}`;
  }
  return `<section aria-labelledby="search">
<h2 id="search">Search</h2>
${problem}
${form}
${results}
</section>`;
}

const STYLE = `<style>
  .broken { color: #b00; border-left: .3rem solid #b00; padding-left: .75rem; }
  .verified { color: #0a6b2d; }
  .note { font-size: .9rem; }
  td code { word-break: break-all; }
  @media (prefers-color-scheme: dark) { .broken { color: #f88; border-color: #f88; } .verified { color: #7d7; } }
</style>`;

/** The evidence chain: where verification stands, and the records of a request or a subject. */
export function registerEvidencePages(
  app: FastifyInstance,
  context: ServerContext,
  guards: ConsoleGuards,
): void {
  app.get('/console/evidence', async (request, reply) => {
    const session = await guards.page(request, reply, 'evidence:read');
    if (!session) return reply;
    const parsed = parseSearch(request.query);
    // Each view verifies what was appended since the checkpoint, bounded (CHECK_MAX_RECORDS), and
    // stores nothing: opening a page changes nothing. The POST below and serve's periodic check
    // move the checkpoint.
    const status = await checkEvidence(context.db, { now: context.clock(), persist: false });
    const body = `${STYLE}
<h1>Evidence</h1>
${statusSection(status, session)}
${await searchSection(context, parsed.ok ? parsed.search : undefined, parsed.ok ? undefined : parsed.error)}`;
    return html(
      reply,
      parsed.ok ? 200 : 400,
      consolePage({ title: 'Evidence', session, current: '/console/evidence', body }),
    );
  });

  app.post('/console/evidence/verify', async (request, reply) => {
    const session = await guards.post(request, reply, 'evidence:read');
    if (!session) return reply;
    const from = field(request.body, 'from');
    if (from !== 'checkpoint' && from !== 'genesis') {
      return refuse(reply, 400, 'Not verified', 'Choose where to verify from.', session);
    }
    await checkEvidence(context.db, { now: context.clock(), fromGenesis: from === 'genesis' });
    return reply.code(303).header('location', '/console/evidence').send();
  });
}
