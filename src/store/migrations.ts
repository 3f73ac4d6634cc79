import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

/**
 * The migrations, in order. Frozen once shipped: a change to the schema is a new entry, never an
 * edit of an old one (Kysely's migration guide).
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-ledger-and-evidence': {
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table settings (
            key text primary key,
            value text not null
          )`,
        `create table api_keys (
            id text primary key,
            name text not null,
            hash text not null unique,
            scopes text[] not null,
            created_at timestamptz not null default now(),
            last_used_at timestamptz,
            revoked_at timestamptz
          )`,
        `create table subjects (
            id uuid primary key,
            created_at timestamptz not null default now(),
            restricted_at timestamptz,
            restriction_reason text,
            gpc_at timestamptz
          )`,
        `create table subject_identities (
            kind text not null,
            hash text not null,
            subject_id uuid not null references subjects (id) on delete cascade,
            created_at timestamptz not null default now(),
            primary key (kind, hash)
          )`,
        `create index subject_identities_subject on subject_identities (subject_id)`,
        `create table ledger_events (
            id bigint generated always as identity primary key,
            receipt_id uuid not null,
            subject_id uuid not null references subjects (id) on delete cascade,
            purpose text,
            kind text not null,
            source text not null,
            notice_version text,
            gpc boolean not null default false,
            recorded_at timestamptz not null,
            details jsonb not null default '{}'
          )`,
        `create index ledger_events_subject on ledger_events (subject_id, id)`,
        `create index ledger_events_receipt on ledger_events (receipt_id)`,
        `create table consent_state (
            subject_id uuid not null references subjects (id) on delete cascade,
            purpose text not null,
            status text not null,
            receipt_id uuid not null,
            updated_at timestamptz not null,
            primary key (subject_id, purpose)
          )`,
        `create index consent_state_purpose on consent_state (purpose, subject_id)`,
        `create table objections (
            subject_id uuid not null references subjects (id) on delete cascade,
            purpose text not null,
            receipt_id uuid not null,
            created_at timestamptz not null,
            primary key (subject_id, purpose)
          )`,
        `create table suppressions (
            hash text not null,
            scope text not null default '*',
            kind text not null,
            reason text not null,
            created_at timestamptz not null,
            primary key (hash, scope)
          )`,
        `create table evidence_head (
            id integer primary key check (id = 1),
            seq bigint not null,
            hash text not null
          )`,
        `insert into evidence_head (id, seq, hash) values (1, 0, repeat('0', 64))`,
        `create table evidence (
            seq bigint primary key,
            recorded_at timestamptz not null,
            actor text not null,
            action text not null,
            subject_ref text,
            details jsonb not null,
            prev_hash text not null,
            hash text not null
          )`,
      ]);
    },
  },
  '0002-evidence-head-prev-hash': {
    // The head keeps the hash before its own, so one UPDATE can move the head and hand the
    // previous hash to the INSERT of the record in the same statement (one round trip per append).
    async up(db: Kysely<unknown>) {
      await run(db, [`alter table evidence_head add column prev_hash text`]);
    },
  },
  '0003-requests': {
    // Data-subject requests (src/requests) and the mail they send (src/mail). Personal data the
    // server must read back is sealed (src/store/seal.ts); the email is also kept as its keyed hash.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table requests (
            id uuid primary key,
            type text not null,
            law text not null,
            controller text not null,
            country text not null,
            region text,
            status text not null,
            subject_ref text not null,
            email_hash text not null,
            email_sealed text not null,
            input_sealed text,
            verification text,
            received_at timestamptz not null,
            acknowledge_by timestamptz,
            due_at timestamptz not null,
            extended_at timestamptz,
            verified_at timestamptz,
            decided_at timestamptz,
            finished_at timestamptz,
            reason_sealed text,
            summary jsonb,
            updated_at timestamptz not null
          )`,
        `create index requests_status on requests (status, due_at)`,
        `create index requests_email_hash on requests (email_hash)`,
        `create index requests_received on requests (received_at, id)`,
        `create table request_events (
            id bigint generated always as identity primary key,
            request_id uuid not null references requests (id) on delete cascade,
            at timestamptz not null,
            actor text not null,
            kind text not null,
            status text not null,
            details jsonb not null default '{}'
          )`,
        `create index request_events_request on request_events (request_id, id)`,
        `create table verification_codes (
            request_id uuid primary key references requests (id) on delete cascade,
            hash text not null,
            expires_at timestamptz not null,
            attempts integer not null default 0,
            locked boolean not null default false,
            created_at timestamptz not null
          )`,
        `create table outbox (
            id uuid primary key,
            request_id uuid references requests (id) on delete set null,
            kind text not null,
            message_sealed text,
            status text not null,
            attempts integer not null default 0,
            next_attempt_at timestamptz not null,
            last_error text,
            created_at timestamptz not null,
            sent_at timestamptz
          )`,
        `create index outbox_due on outbox (status, next_attempt_at)`,
      ]);
    },
  },
  '0004-execution': {
    // Carrying out requests (src/execution): the frozen erasure plan (sealed: it holds primary keys
    // and identifiers), a checkpoint per applied step so a rerun after a crash skips what is done,
    // access packages (sealed zip, downloadable once until they expire) and signed certificates.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table erasure_plans (
            request_id uuid primary key references requests (id) on delete cascade,
            plan_sealed text not null,
            created_at timestamptz not null
          )`,
        `create table erasure_steps (
            request_id uuid not null references requests (id) on delete cascade,
            step integer not null,
            datastore text not null,
            collection text not null,
            op text not null,
            touched integer not null,
            done_at timestamptz not null,
            primary key (request_id, step)
          )`,
        `create table packages (
            id uuid primary key,
            request_id uuid not null references requests (id) on delete cascade,
            content_sealed text,
            bytes integer not null,
            created_at timestamptz not null,
            expires_at timestamptz not null,
            downloaded_at timestamptz,
            deleted_at timestamptz
          )`,
        `create index packages_request on packages (request_id)`,
        `create index packages_live on packages (expires_at) where content_sealed is not null`,
        `create table certificates (
            request_id uuid primary key references requests (id) on delete cascade,
            body jsonb not null,
            signature text not null,
            key_id text not null,
            created_at timestamptz not null
          )`,
      ]);
    },
  },
  '0005-run-leases': {
    // One run of a request at a time (src/execution/run-lease.ts): a job retry, a second server
    // and an operator's `requests run` must not apply the same erasure side by side. A lease names
    // its holder (host and process, to take over from a dead one at once) and lapses unless renewed.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table run_leases (
            request_id uuid primary key references requests (id) on delete cascade,
            holder text not null,
            host text not null,
            pid integer not null,
            taken_at timestamptz not null,
            expires_at timestamptz not null
          )`,
      ]);
    },
  },
  '0006-package-download-claims': {
    // Opening a download link changes nothing; a POST downloads (src/execution/package-store.ts).
    // A download claims its package for the time it is being sent, so a second one at the same
    // time is refused, from any server process; the package is spent only once the body went out
    // in full, and a download cut off midway gives the claim back. A claim lapses unless renewed.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `alter table packages add column claimed_by text`,
        `alter table packages add column claimed_until timestamptz`,
      ]);
    },
  },
  '0007-rate-limits': {
    // Rate limits shared by every server process on the database and kept across restarts
    // (src/store/rate-limits.ts): one row per limit and key, counting hits in the current window.
    // Keys are a limit's name and a keyed hash, never an address in clear; windows that ended are
    // pruned through the index.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table rate_limits (
            key text primary key,
            hits integer not null,
            window_ends_at timestamptz not null
          )`,
        `create index rate_limits_window_ends on rate_limits (window_ends_at)`,
      ]);
    },
  },
  '0008-held-records': {
    // What an erasure kept under a legal hold, per requester (src/execution/held-records.ts): the
    // primary keys of the held rows and the last day of each, sealed (keys name a person's rows),
    // keyed by the request's pseudonymous subject reference, never an identifier in clear. A later
    // request of the same person reads those rows again by key, where its search no longer
    // reaches them (the customer row that led to a held invoice was anonymised).
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table held_records (
            subject_ref text primary key,
            rows_sealed text not null,
            updated_at timestamptz not null
          )`,
      ]);
    },
  },
  '0009-request-language': {
    // The language the person asked in (one of the notice languages): every mail about the
    // request and the summary of an access package are written in it. Null for requests opened
    // before: they get the map's first notice language.
    async up(db: Kysely<unknown>) {
      await run(db, [`alter table requests add column language text`]);
    },
  },
  '0010-staff-users': {
    // Staff accounts of the admin console and their sessions (src/staff). A password is kept as
    // its scrypt hash with a per-user salt; a session as the SHA-256 of its 256-bit id. The
    // failure count and the lock are columns of the user, so every server process shares them.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table users (
            id uuid primary key,
            email text not null unique,
            role text not null,
            password_hash text not null,
            failed_attempts integer not null default 0,
            locked_until timestamptz,
            disabled_at timestamptz,
            totp_secret text,
            created_at timestamptz not null default now()
          )`,
        `create table sessions (
            id_hash text primary key,
            user_id uuid not null references users (id) on delete cascade,
            csrf_token text not null,
            created_at timestamptz not null,
            last_seen_at timestamptz not null
          )`,
        `create index sessions_user on sessions (user_id)`,
      ]);
    },
  },
  '0011-notice-publications': {
    // Every notice `custodian serve` has published, in order (src/publications): its version and
    // effective date, the notice as rendered in each language and the map it came from. `seq` is
    // the unique key two servers starting at once contend for; the loser inserts nothing.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table notice_publications (
            seq integer primary key,
            version text not null,
            effective_date text not null,
            published_at timestamptz not null,
            languages text[] not null,
            notice_hash text not null,
            map_hash text not null,
            notices text not null,
            map text not null
          )`,
      ]);
    },
  },
  '0012-staff-second-factor': {
    // Optional TOTP for staff (src/staff/second-factor.ts): the secret sealed with the server
    // secret in `totp_secret` (made by 0010), whether it is on, and the last time step accepted,
    // so a code works once. A password that was right but awaits its code is a pending sign-in:
    // the SHA-256 of its id and its end, one per user, in the database so any server process can
    // take the code. The last sign-in is kept for the console's list of staff.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `alter table users
            add column totp_enabled boolean not null default false,
            add column totp_last_step bigint,
            add column pending_sign_in_hash text,
            add column pending_sign_in_until timestamptz,
            add column last_sign_in_at timestamptz`,
      ]);
    },
  },
  '0013-evidence-checkpoint': {
    // The console's verified checkpoint of the evidence chain (src/evidence
    // evidence-checkpoint.ts): records 1..seq verified, record seq has `hash`. Only a cache that
    // saves the console from walking millions of records on every view; `custodian evidence
    // verify` ignores it. And the indexes the console's search by subject and by request uses,
    // partial so records without either cost nothing. Building them takes a write lock on
    // `evidence` for as long as it takes to read the table once.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table evidence_checkpoint (
            id integer primary key check (id = 1),
            seq bigint not null,
            hash text not null,
            pass_started_at timestamptz,
            genesis_verified_at timestamptz,
            genesis_verified_seq bigint,
            updated_at timestamptz
          )`,
        `insert into evidence_checkpoint (id, seq, hash) values (1, 0, repeat('0', 64))`,
        `create index evidence_subject on evidence (subject_ref, seq) where subject_ref is not null`,
        `create index evidence_request on evidence ((details ->> 'requestId'), seq)
            where (details ->> 'requestId') is not null`,
      ]);
    },
  },
  '0014-ledger-events-by-time': {
    // The console's consent charts aggregate the ledger events of a period (src/ledger
    // consent-activity.ts): an index on the time reads a period's events without scanning the
    // whole history.
    async up(db: Kysely<unknown>) {
      await run(db, [`create index ledger_events_recorded on ledger_events (recorded_at)`]);
    },
  },
  '0015-ledger-withdrawals': {
    // Whether a refusal withdrew a grant (GDPR Art. 7(3)), decided when the event is written
    // (src/ledger/ledger-event.ts) so the consent charts count withdrawals in one grouped scan
    // of a period instead of looking up each refusal's previous choice. The events before this
    // migration get it in one statement: a 'denied' event whose previous 'granted' or 'denied'
    // event for the same subject and purpose, in the ledger's order, was a grant. Adding a column
    // with a constant default rewrites no row; the update rewrites the withdrawals only.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `alter table ledger_events add column withdrawal boolean not null default false`,
        `update ledger_events e set withdrawal = true
            from (
              select id, kind,
                lag(kind) over (partition by subject_id, purpose order by id) as previous
              from ledger_events
              where kind in ('granted', 'denied') and purpose is not null
            ) choice
            where e.id = choice.id and choice.kind = 'denied' and choice.previous = 'granted'`,
      ]);
    },
  },
  '0016-retention-runs': {
    // Retention sweeps (src/retention/sweep.ts): one row per run, at most one running at a time
    // (the partial unique index), held by a lease; per collection, the key the run got to and its
    // counts, so a run killed midway carries on where it stopped. `pending` holds the keys of the
    // batch being applied, until its outcome is recorded: after a crash the next run finds out
    // which of them are gone and reports them, then forgets the keys.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table retention_runs (
            id uuid primary key,
            at timestamptz not null,
            started_at timestamptz not null,
            finished_at timestamptz,
            status text not null,
            trigger text not null,
            holder text not null,
            host text not null,
            pid integer not null,
            expires_at timestamptz not null,
            report jsonb
          )`,
        `create unique index retention_runs_running on retention_runs ((1)) where status = 'running'`,
        `create index retention_runs_started on retention_runs (started_at)`,
        `create table retention_progress (
            run_id uuid not null references retention_runs (id) on delete cascade,
            datastore text not null,
            collection text not null,
            after jsonb,
            pending jsonb,
            done boolean not null default false,
            report jsonb not null,
            primary key (run_id, datastore, collection)
          )`,
      ]);
    },
  },
  '0017-outbox-by-request': {
    // Deleting a request sets its outbox rows' link to null (the foreign key's `on delete set
    // null`), which looks them up by request: without an index, each deleted request read the
    // whole outbox, and a retention sweep of closed requests (src/retention/own-records.ts) took
    // seconds per batch. Partial: mail about no request costs nothing.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create index outbox_request on outbox (request_id) where request_id is not null`,
      ]);
    },
  },
  '0018-special-findings': {
    // `specialCategories: purge` (src/discovery/arrivals.ts, docs/discovery-special.md): the review
    // list of rows whose free text revealed special categories of data on arrival (GDPR Art. 9(1),
    // 10), by the row's primary key in the company's datastore (an opaque id; never the text), one
    // entry per row and field however often it is scanned; and per purged field the primary key
    // of the last row scanned, so a pass reads only the rows that arrived since.
    async up(db: Kysely<unknown>) {
      await run(db, [
        `create table special_findings (
            id uuid primary key,
            datastore text not null,
            collection text not null,
            field text not null,
            row_key jsonb not null,
            categories text[] not null,
            passages integer not null,
            status text not null default 'open'
              check (status in ('open', 'redacted', 'dismissed')),
            found_at timestamptz not null,
            decided_at timestamptz,
            decided_by text,
            reason text,
            source text not null,
            unique (datastore, collection, field, row_key)
          )`,
        `create index special_findings_open on special_findings (found_at) where status = 'open'`,
        `create table special_watermarks (
            datastore text not null,
            collection text not null,
            field text not null,
            last_key jsonb not null,
            rows_scanned bigint not null default 0,
            scanned_at timestamptz not null,
            primary key (datastore, collection, field)
          )`,
      ]);
    },
  },
};

/** One statement at a time: PGlite's extended protocol takes no multi-statement strings. */
async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Serves the static list to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
