import { type Kysely, sql } from 'kysely'

/**
 * Expenses under four eyes (issue 16): recorded by the treasurer with their receipts, posted to
 * the ledger only when a chair or auditor who did not record them approves; and the committee's
 * published statements, one per month (and per settlement), append-only and hash-chained.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const appendOnly = (table: string) =>
    sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`
  const statements = [
    sql`CREATE TABLE expenses (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      category text NOT NULL,
      amount_fen bigint NOT NULL,
      method text NOT NULL,
      payee text NOT NULL,
      payee_kind text NOT NULL,
      payee_role text,
      spent_on date NOT NULL,
      description text NOT NULL,
      contract_id uuid,
      recorded_by uuid NOT NULL REFERENCES users (id),
      idempotency_key text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT expenses_amount_check CHECK (amount_fen > 0),
      CONSTRAINT expenses_method_check CHECK (method IN ('cash', 'bank', 'wechat', 'alipay')),
      CONSTRAINT expenses_payee_kind_check CHECK (payee_kind IN ('person', 'organisation')),
      CONSTRAINT expenses_payee_role_check CHECK (payee_kind = 'organisation' OR length(btrim(coalesce(payee_role, ''))) > 0),
      CONSTRAINT expenses_idempotency_key UNIQUE (recorded_by, idempotency_key)
    )`,
    sql`CREATE INDEX expenses_plan_idx ON expenses (plan_id, created_at, id)`,
    sql`CREATE INDEX expenses_committee_idx ON expenses (committee_id, created_at, id)`,
    appendOnly('expenses'),
    sql`CREATE TABLE expense_attachments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      expense_id uuid NOT NULL REFERENCES expenses (id),
      file_name text NOT NULL,
      content_type text NOT NULL,
      size_bytes integer NOT NULL,
      sha256 text NOT NULL,
      bytes bytea NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT expense_attachments_type_check CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
      CONSTRAINT expense_attachments_size_check CHECK (size_bytes BETWEEN 1 AND 5242880)
    )`,
    sql`CREATE INDEX expense_attachments_expense_idx ON expense_attachments (expense_id)`,
    appendOnly('expense_attachments'),
    // One decision per expense: approved (and then posted) or rejected, never by its recorder.
    sql`CREATE TABLE expense_decisions (
      expense_id uuid PRIMARY KEY REFERENCES expenses (id),
      decision text NOT NULL,
      decided_by uuid NOT NULL REFERENCES users (id),
      reason text,
      entry_id uuid REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT expense_decisions_check CHECK ((decision = 'approved' AND entry_id IS NOT NULL) OR (decision = 'rejected' AND length(btrim(coalesce(reason, ''))) > 0))
    )`,
    appendOnly('expense_decisions'),

    sql`CREATE TABLE statements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      seq integer NOT NULL,
      kind text NOT NULL,
      period text NOT NULL,
      plan_id uuid REFERENCES plans (id),
      canonical text NOT NULL,
      previous_hash text NOT NULL,
      hash text NOT NULL,
      published_by uuid NOT NULL REFERENCES users (id),
      published_at timestamptz NOT NULL,
      CONSTRAINT statements_kind_check CHECK (kind IN ('month', 'settlement')),
      CONSTRAINT statements_seq_key UNIQUE (committee_id, seq),
      CONSTRAINT statements_period_key UNIQUE (committee_id, kind, period),
      CONSTRAINT statements_hash_check CHECK (hash ~ '^[0-9a-f]{64}$')
    )`,
    appendOnly('statements'),
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['statements', 'expense_decisions', 'expense_attachments', 'expenses']) await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
}
