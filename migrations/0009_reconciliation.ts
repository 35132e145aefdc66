import { type Kysely, sql } from 'kysely'

/**
 * Statement reconciliation (issue 20): an uploaded export keeps its SHA-256 and its incoming rows
 * with what was proposed for each; the treasurer's decisions (one per row, append-only); the
 * payer names a confirmation taught; and a committee's saved column mapping for a generic bank
 * CSV. The file itself and its other rows are never stored; a row's payer text is forgotten once
 * it was not confirmed as a family's payment.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const appendOnly = (table: string) =>
    sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`
  const statements = [
    sql`CREATE TABLE statement_imports (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      file_sha256 text NOT NULL,
      format text NOT NULL,
      channel text NOT NULL,
      file_rows integer NOT NULL,
      skipped jsonb NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT statement_imports_sha_check CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
      CONSTRAINT statement_imports_channel_check CHECK (channel IN ('wechat', 'alipay', 'bank'))
    )`,
    sql`CREATE INDEX statement_imports_committee_idx ON statement_imports (committee_id, created_at)`,
    sql`CREATE INDEX statement_imports_sha_idx ON statement_imports (committee_id, file_sha256)`,
    appendOnly('statement_imports'),
    sql`CREATE TABLE statement_import_rows (
      import_id uuid NOT NULL REFERENCES statement_imports (id),
      line integer NOT NULL,
      occurred_at timestamptz NOT NULL,
      amount_fen bigint NOT NULL,
      transaction_no text NOT NULL,
      status text NOT NULL,
      enrollment_id uuid REFERENCES enrollments (id),
      reasons jsonb NOT NULL,
      candidates jsonb NOT NULL,
      duplicate_of integer,
      warning text,
      PRIMARY KEY (import_id, line),
      CONSTRAINT statement_import_rows_amount_check CHECK (amount_fen > 0),
      CONSTRAINT statement_import_rows_status_check CHECK (status IN ('matched', 'ambiguous', 'unmatched', 'already-recorded', 'decided-before'))
    )`,
    appendOnly('statement_import_rows'),
    // Not append-only: what a row says about its payer is deleted once the row was not a family's payment.
    sql`CREATE TABLE statement_import_payers (
      import_id uuid NOT NULL,
      line integer NOT NULL,
      payer_name text NOT NULL,
      payer_account text,
      memo text NOT NULL,
      method text NOT NULL,
      PRIMARY KEY (import_id, line),
      FOREIGN KEY (import_id, line) REFERENCES statement_import_rows (import_id, line)
    )`,
    sql`CREATE TABLE statement_import_confirmations (
      import_id uuid PRIMARY KEY REFERENCES statement_imports (id),
      confirmed_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    appendOnly('statement_import_confirmations'),
    // One decision per row; a transaction of a committee's channel is decided (paid or skipped) once, ever.
    sql`CREATE TABLE statement_import_decisions (
      import_id uuid NOT NULL REFERENCES statement_import_confirmations (import_id),
      line integer NOT NULL,
      committee_id uuid NOT NULL REFERENCES committees (id),
      channel text NOT NULL,
      transaction_no text NOT NULL,
      decision text NOT NULL,
      enrollment_id uuid REFERENCES enrollments (id),
      corrected boolean NOT NULL DEFAULT false,
      payment_id uuid REFERENCES payments (id),
      PRIMARY KEY (import_id, line),
      FOREIGN KEY (import_id, line) REFERENCES statement_import_rows (import_id, line),
      CONSTRAINT statement_import_decisions_decision_check CHECK (decision IN ('confirmed', 'skipped', 'already-recorded')),
      CONSTRAINT statement_import_decisions_payment_check CHECK ((decision = 'confirmed') = (payment_id IS NOT NULL AND enrollment_id IS NOT NULL))
    )`,
    sql`CREATE UNIQUE INDEX statement_import_decisions_once ON statement_import_decisions (committee_id, channel, transaction_no) WHERE decision <> 'already-recorded'`,
    appendOnly('statement_import_decisions'),
    sql`CREATE TABLE payer_aliases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      channel text NOT NULL,
      payer_name text,
      payer_account text,
      learned_from uuid NOT NULL REFERENCES statement_imports (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payer_aliases_some_check CHECK (payer_name IS NOT NULL OR payer_account IS NOT NULL)
    )`,
    sql`CREATE UNIQUE INDEX payer_aliases_key ON payer_aliases (committee_id, enrollment_id, channel, coalesce(payer_name, ''), coalesce(payer_account, ''))`,
    sql`CREATE TABLE import_mappings (
      committee_id uuid PRIMARY KEY REFERENCES committees (id),
      mapping jsonb NOT NULL,
      updated_by uuid NOT NULL REFERENCES users (id),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'import_mappings',
    'payer_aliases',
    'statement_import_decisions',
    'statement_import_confirmations',
    'statement_import_payers',
    'statement_import_rows',
    'statement_imports',
  ])
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
}
