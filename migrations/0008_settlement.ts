import { type Kysely, sql } from 'kysely'

/**
 * Term settlement (issue 17): arrears written off under four eyes, a settlement the treasurer
 * proposes and a chair or auditor confirms, each family's refund (its share of the surplus and
 * the credit it held), and the refunds' payment. Append-only, like all money.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const appendOnly = (table: string) =>
    sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`
  const statements = [
    sql`CREATE TABLE write_offs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      amount_fen bigint NOT NULL,
      reason text NOT NULL,
      decided_by uuid NOT NULL REFERENCES users (id),
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT write_offs_amount_check CHECK (amount_fen > 0),
      CONSTRAINT write_offs_reason_check CHECK (length(btrim(reason)) > 0)
    )`,
    appendOnly('write_offs'),
    sql`CREATE TABLE settlement_proposals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans (id),
      figures jsonb NOT NULL,
      figures_sha256 text NOT NULL,
      proposed_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE INDEX settlement_proposals_plan_idx ON settlement_proposals (plan_id, created_at)`,
    appendOnly('settlement_proposals'),
    // One settlement per plan's term, ever.
    sql`CREATE TABLE settlements (
      plan_id uuid PRIMARY KEY REFERENCES plans (id),
      proposal_id uuid NOT NULL REFERENCES settlement_proposals (id),
      confirmed_by uuid NOT NULL REFERENCES users (id),
      statement_seq integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    appendOnly('settlements'),
    sql`CREATE TABLE refunds (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES settlements (plan_id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      refund_no text NOT NULL,
      share_fen bigint NOT NULL,
      held_fen bigint NOT NULL,
      paid_basis_fen bigint NOT NULL,
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT refunds_amount_check CHECK (share_fen >= 0 AND held_fen >= 0 AND share_fen + held_fen > 0),
      CONSTRAINT refunds_not_above_paid CHECK (share_fen + held_fen <= paid_basis_fen),
      CONSTRAINT refunds_enrollment_key UNIQUE (plan_id, enrollment_id),
      CONSTRAINT refunds_no_key UNIQUE (plan_id, refund_no)
    )`,
    appendOnly('refunds'),
    sql`CREATE TABLE refund_payments (
      refund_id uuid PRIMARY KEY REFERENCES refunds (id),
      method text NOT NULL,
      paid_at timestamptz NOT NULL,
      reference text,
      paid_by uuid NOT NULL REFERENCES users (id),
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT refund_payments_method_check CHECK (method IN ('cash', 'bank', 'wechat', 'alipay'))
    )`,
    appendOnly('refund_payments'),
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['refund_payments', 'refunds', 'settlements', 'settlement_proposals', 'write_offs']) await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
}
