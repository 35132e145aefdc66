import { type Kysely, sql } from 'kysely'

/**
 * A charge billed ahead is corrected when a withdrawal leaves it service days no longer in care
 * (a month billed in late October, then a withdrawal from before November; a term charged whole,
 * then a withdrawal mid-term): never by editing the charge, but by a correction entry against fee
 * income (source 'charge_correction', reason 'withdrawal') and its row here. A charge is corrected
 * at most once, whatever retries happen: the unique key on charge_id. The correction never gives
 * back more than the charge, nor undoes more waiver than it waived (a trigger checks it against
 * the charge). Append-only, TRUNCATE refused, like all money.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_source_check`,
    sql`ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_source_check CHECK (source_type IN
      ('charge', 'charge_correction', 'leave_credit', 'payment', 'payment_reversal', 'subsidy', 'expense', 'write_off', 'refund', 'refund_payment', 'adjustment'))`,
    sql`CREATE TABLE charge_corrections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      charge_id uuid NOT NULL REFERENCES charges (id),
      reason text NOT NULL,
      withdrawn_on date NOT NULL,
      service_days integer NOT NULL,
      amount_fen bigint NOT NULL,
      waived_fen bigint NOT NULL DEFAULT 0,
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT charge_corrections_charge_key UNIQUE (charge_id),
      CONSTRAINT charge_corrections_entry_key UNIQUE (entry_id),
      CONSTRAINT charge_corrections_reason_check CHECK (reason IN ('withdrawal')),
      CONSTRAINT charge_corrections_amount_check CHECK (amount_fen > 0 AND waived_fen >= 0 AND waived_fen <= amount_fen),
      CONSTRAINT charge_corrections_days_check CHECK (service_days >= 0)
    )`,
    sql`CREATE INDEX charge_corrections_enrollment_idx ON charge_corrections (enrollment_id)`,
    sql`CREATE INDEX charge_corrections_plan_idx ON charge_corrections (plan_id)`,
    sql`CREATE FUNCTION charge_correction_within_charge() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        c record;
      BEGIN
        SELECT plan_id, enrollment_id, amount_fen, waived_fen, service_days INTO c FROM charges WHERE id = NEW.charge_id;
        IF c.plan_id <> NEW.plan_id OR c.enrollment_id <> NEW.enrollment_id THEN
          RAISE EXCEPTION 'correction of charge % names another family or plan', NEW.charge_id USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.amount_fen > c.amount_fen OR NEW.waived_fen > c.waived_fen OR NEW.service_days >= c.service_days THEN
          RAISE EXCEPTION 'correction of charge % goes beyond the charge (% of % fen, % of % waived, % of % days)',
            NEW.charge_id, NEW.amount_fen, c.amount_fen, NEW.waived_fen, c.waived_fen, NEW.service_days, c.service_days USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    sql`CREATE TRIGGER charge_corrections_within_charge BEFORE INSERT ON charge_corrections FOR EACH ROW EXECUTE FUNCTION charge_correction_within_charge()`,
    sql`CREATE TRIGGER charge_corrections_append_only BEFORE UPDATE OR DELETE ON charge_corrections FOR EACH ROW EXECUTE FUNCTION reject_modification()`,
    sql`CREATE TRIGGER charge_corrections_no_truncate BEFORE TRUNCATE ON charge_corrections FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE IF EXISTS charge_corrections CASCADE`.execute(db)
  await sql`DROP FUNCTION IF EXISTS charge_correction_within_charge()`.execute(db)
  await sql`ALTER TABLE journal_entries DROP CONSTRAINT journal_entries_source_check`.execute(db)
  await sql`ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_source_check CHECK (source_type IN
      ('charge', 'leave_credit', 'payment', 'payment_reversal', 'subsidy', 'expense', 'write_off', 'refund', 'refund_payment', 'adjustment'))`.execute(db)
}
