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
};

/** One statement at a time: PGlite's extended protocol takes no multi-statement strings. */
async function run(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Serves the static list to Kysely's Migrator. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...MIGRATIONS }),
};
