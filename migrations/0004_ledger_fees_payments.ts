import { type Kysely, sql } from 'kysely'

/**
 * Money (issue 15): the school's finance office, the money terms of a plan, a double-entry ledger
 * per plan's term (a fund), charges and leave credits, payments with gapless receipt numbers,
 * subsidies. Entries sum to zero (checked by the posting code and, at commit, by a deferred
 * constraint trigger here), and every money row is append-only: corrections are new rows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const appendOnly = (table: string) =>
    sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`
  const moneyTerms = (table: string) => sql`ALTER TABLE ${sql.table(table)}
      ADD COLUMN collector text NOT NULL DEFAULT 'committee',
      ADD COLUMN partial_month text NOT NULL DEFAULT 'service_days',
      ADD COLUMN leave_credit jsonb NOT NULL DEFAULT '{"kind":"none"}'::jsonb,
      ADD COLUMN due_days integer NOT NULL DEFAULT 15,
      ADD COLUMN subsidy jsonb,
      ADD CONSTRAINT ${sql.raw(`${table}_collector_check`)} CHECK (collector IN ('committee', 'school')),
      ADD CONSTRAINT ${sql.raw(`${table}_partial_month_check`)} CHECK (partial_month IN ('none', 'service_days')),
      ADD CONSTRAINT ${sql.raw(`${table}_due_days_check`)} CHECK (due_days BETWEEN 0 AND 90)`
  const statements = [
    // Where the school collects into its own account, its finance office records payments.
    sql`CREATE TABLE school_finance_officers (
      school_id uuid NOT NULL REFERENCES schools (id),
      user_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT school_finance_officers_pkey PRIMARY KEY (school_id, user_id)
    )`,
    sql`CREATE INDEX school_finance_officers_user_idx ON school_finance_officers (user_id)`,
    // The money terms of a plan are part of what the school approves, so versions freeze them too.
    moneyTerms('plans'),
    moneyTerms('plan_versions'),

    // The committee's books: how far its months are published (statements close them, in order).
    sql`CREATE TABLE ledger_books (
      committee_id uuid PRIMARY KEY REFERENCES committees (id),
      published_through text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ledger_books_period_check CHECK (published_through ~ '^\\d{4}-(0[1-9]|1[0-2])$')
    )`,
    // A fund is one plan's term (一事一收、一事一结): its money is collected and spent for it alone.
    sql`CREATE TABLE funds (
      plan_id uuid PRIMARY KEY REFERENCES plans (id),
      committee_id uuid NOT NULL REFERENCES ledger_books (committee_id),
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE TABLE journal_entries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      seq bigint GENERATED ALWAYS AS IDENTITY,
      committee_id uuid NOT NULL REFERENCES ledger_books (committee_id),
      plan_id uuid NOT NULL REFERENCES funds (plan_id),
      entry_date date NOT NULL,
      period text NOT NULL,
      source_type text NOT NULL,
      source_id uuid,
      description text NOT NULL,
      reverses_entry_id uuid REFERENCES journal_entries (id),
      reason text,
      request_id text,
      created_by uuid REFERENCES users (id),
      posted_at timestamptz NOT NULL,
      CONSTRAINT journal_entries_seq_key UNIQUE (seq),
      CONSTRAINT journal_entries_reverses_key UNIQUE (reverses_entry_id),
      CONSTRAINT journal_entries_period_check CHECK (period ~ '^\\d{4}-(0[1-9]|1[0-2])$' AND period >= to_char(entry_date, 'YYYY-MM')),
      CONSTRAINT journal_entries_reversal_reason CHECK (reverses_entry_id IS NULL OR length(btrim(coalesce(reason, ''))) > 0),
      CONSTRAINT journal_entries_source_check CHECK (source_type IN
        ('charge', 'leave_credit', 'payment', 'payment_reversal', 'subsidy', 'expense', 'write_off', 'refund', 'refund_payment', 'adjustment'))
    )`,
    sql`CREATE INDEX journal_entries_fund_idx ON journal_entries (plan_id, period, seq)`,
    sql`CREATE INDEX journal_entries_committee_period_idx ON journal_entries (committee_id, period)`,
    sql`CREATE TABLE journal_lines (
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      line_no integer NOT NULL,
      plan_id uuid NOT NULL REFERENCES funds (plan_id),
      account text NOT NULL,
      enrollment_id uuid REFERENCES enrollments (id),
      category text,
      amount_fen bigint NOT NULL,
      CONSTRAINT journal_lines_pkey PRIMARY KEY (entry_id, line_no),
      CONSTRAINT journal_lines_amount_check CHECK (amount_fen <> 0),
      CONSTRAINT journal_lines_account_check CHECK (account IN ('cash:cash', 'cash:bank', 'cash:wechat', 'cash:alipay',
        'receivable', 'family_credit', 'fee_income', 'waivers', 'leave_credits', 'write_offs',
        'subsidy_receivable', 'subsidy_income', 'expense', 'refunds_payable', 'surplus_refunds', 'carry_over')),
      CONSTRAINT journal_lines_family_check CHECK ((account IN ('receivable', 'family_credit', 'refunds_payable')) = (enrollment_id IS NOT NULL)),
      CONSTRAINT journal_lines_category_check CHECK ((account = 'expense') = (category IS NOT NULL))
    )`,
    sql`CREATE INDEX journal_lines_family_idx ON journal_lines (enrollment_id) WHERE enrollment_id IS NOT NULL`,
    sql`CREATE INDEX journal_lines_fund_account_idx ON journal_lines (plan_id, account)`,
    appendOnly('journal_entries'),
    appendOnly('journal_lines'),
    // The second lock on "every entry sums to zero": checked at commit, whoever wrote the rows.
    sql`CREATE FUNCTION check_journal_entry_balanced(entry uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        total numeric;
        lines integer;
      BEGIN
        SELECT coalesce(sum(amount_fen), 0), count(*) INTO total, lines FROM journal_lines WHERE entry_id = entry;
        IF lines < 2 OR total <> 0 THEN
          RAISE EXCEPTION 'journal entry % is unbalanced: % lines summing to % fen', entry, lines, total USING ERRCODE = 'check_violation';
        END IF;
      END
    $$`,
    sql`CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM check_journal_entry_balanced(NEW.id);
        RETURN NULL;
      END
    $$`,
    sql`CREATE FUNCTION journal_line_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM check_journal_entry_balanced(NEW.entry_id);
        RETURN NULL;
      END
    $$`,
    sql`CREATE CONSTRAINT TRIGGER journal_entries_balanced AFTER INSERT ON journal_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced()`,
    sql`CREATE CONSTRAINT TRIGGER journal_lines_balanced AFTER INSERT ON journal_lines
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_line_balanced()`,
    // A published month is never booked into; a closed fund takes only the payment of its refunds.
    sql`CREATE FUNCTION journal_entry_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        through text;
        closed timestamptz;
      BEGIN
        SELECT published_through INTO through FROM ledger_books WHERE committee_id = NEW.committee_id;
        IF through IS NOT NULL AND NEW.period <= through THEN
          RAISE EXCEPTION 'period % of committee % is published; book into a later month', NEW.period, NEW.committee_id USING ERRCODE = 'check_violation';
        END IF;
        SELECT closed_at INTO closed FROM funds WHERE plan_id = NEW.plan_id;
        IF closed IS NOT NULL AND NEW.source_type <> 'refund_payment' THEN
          RAISE EXCEPTION 'fund % is settled and closed', NEW.plan_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    sql`CREATE TRIGGER journal_entries_open BEFORE INSERT ON journal_entries FOR EACH ROW EXECUTE FUNCTION journal_entry_open()`,

    // A family's charge for a month (or the term), at the standard of the version it signed.
    sql`CREATE TABLE charges (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      period text NOT NULL,
      plan_version integer NOT NULL,
      standard_fen bigint NOT NULL,
      amount_fen bigint NOT NULL,
      waived_fen bigint NOT NULL DEFAULT 0,
      service_days integer NOT NULL,
      plan_service_days integer NOT NULL,
      partial_month text NOT NULL,
      charged_on date NOT NULL,
      due_on date NOT NULL,
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT charges_enrollment_period_key UNIQUE (enrollment_id, period),
      CONSTRAINT charges_period_check CHECK (period = 'term' OR period ~ '^\\d{4}-(0[1-9]|1[0-2])$'),
      CONSTRAINT charges_amount_check CHECK (amount_fen >= 0 AND amount_fen <= standard_fen),
      CONSTRAINT charges_waiver_check CHECK (waived_fen >= 0 AND waived_fen <= amount_fen),
      CONSTRAINT charges_days_check CHECK (service_days > 0 AND service_days <= plan_service_days),
      CONSTRAINT charges_version_fkey FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version)
    )`,
    sql`CREATE INDEX charges_plan_period_idx ON charges (plan_id, period)`,
    appendOnly('charges'),
    // Rule 4, no overcharging, in the database too: the standard of a charge is the approved fee.
    sql`CREATE FUNCTION charge_at_standard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.standard_fen <> (SELECT fee_fen FROM plan_versions WHERE plan_id = NEW.plan_id AND version = NEW.plan_version) THEN
          RAISE EXCEPTION 'charge standard % is not the approved fee of plan % version %', NEW.standard_fen, NEW.plan_id, NEW.plan_version USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END
    $$`,
    sql`CREATE TRIGGER charges_at_standard BEFORE INSERT ON charges FOR EACH ROW EXECUTE FUNCTION charge_at_standard()`,
    // Leave credits of a plan's month are booked once, when the month has ended.
    sql`CREATE TABLE leave_credit_months (
      plan_id uuid NOT NULL REFERENCES plans (id),
      period text NOT NULL,
      booked_at timestamptz NOT NULL,
      credits integer NOT NULL,
      CONSTRAINT leave_credit_months_pkey PRIMARY KEY (plan_id, period)
    )`,
    appendOnly('leave_credit_months'),
    sql`CREATE TABLE leave_credits (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      period text NOT NULL,
      leave_days integer NOT NULL,
      amount_fen bigint NOT NULL,
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT leave_credits_enrollment_period_key UNIQUE (enrollment_id, period),
      CONSTRAINT leave_credits_amount_check CHECK (amount_fen > 0 AND leave_days > 0)
    )`,
    appendOnly('leave_credits'),

    sql`CREATE TABLE receipt_counters (
      committee_id uuid NOT NULL REFERENCES committees (id),
      year integer NOT NULL,
      last_seq integer NOT NULL,
      CONSTRAINT receipt_counters_pkey PRIMARY KEY (committee_id, year)
    )`,
    sql`CREATE TABLE payments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      amount_fen bigint NOT NULL,
      method text NOT NULL,
      paid_at timestamptz NOT NULL,
      reference text,
      receipt_year integer NOT NULL,
      receipt_seq integer NOT NULL,
      receipt_no text NOT NULL,
      received_by uuid NOT NULL REFERENCES users (id),
      received_as text NOT NULL,
      confirmed_duplicate boolean NOT NULL DEFAULT false,
      idempotency_key text,
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payments_amount_check CHECK (amount_fen > 0),
      CONSTRAINT payments_method_check CHECK (method IN ('cash', 'bank', 'wechat', 'alipay')),
      CONSTRAINT payments_received_as_check CHECK (received_as IN ('treasurer', 'school-finance')),
      CONSTRAINT payments_receipt_key UNIQUE (committee_id, receipt_year, receipt_seq),
      CONSTRAINT payments_receipt_no_key UNIQUE (committee_id, receipt_no),
      CONSTRAINT payments_idempotency_key UNIQUE (received_by, idempotency_key)
    )`,
    sql`CREATE INDEX payments_enrollment_idx ON payments (enrollment_id, paid_at)`,
    sql`CREATE INDEX payments_reference_idx ON payments (committee_id, method, reference) WHERE reference IS NOT NULL`,
    appendOnly('payments'),
    // What a payment paid when it was made: the months its receipt names.
    sql`CREATE TABLE payment_allocations (
      payment_id uuid NOT NULL REFERENCES payments (id),
      charge_id uuid NOT NULL REFERENCES charges (id),
      amount_fen bigint NOT NULL,
      CONSTRAINT payment_allocations_pkey PRIMARY KEY (payment_id, charge_id),
      CONSTRAINT payment_allocations_amount_check CHECK (amount_fen > 0)
    )`,
    appendOnly('payment_allocations'),
    sql`CREATE TABLE payment_reversals (
      payment_id uuid PRIMARY KEY REFERENCES payments (id),
      reason text NOT NULL,
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      reversed_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT payment_reversals_reason_check CHECK (length(btrim(reason)) > 0)
    )`,
    appendOnly('payment_reversals'),
    // Government subsidy received for a month of a plan, against its claim.
    sql`CREATE TABLE subsidies (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      period text NOT NULL,
      amount_fen bigint NOT NULL,
      claimed_fen bigint NOT NULL,
      method text NOT NULL,
      received_on date NOT NULL,
      reference text,
      recorded_by uuid NOT NULL REFERENCES users (id),
      entry_id uuid NOT NULL REFERENCES journal_entries (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT subsidies_amount_check CHECK (amount_fen > 0),
      CONSTRAINT subsidies_method_check CHECK (method IN ('cash', 'bank', 'wechat', 'alipay')),
      CONSTRAINT subsidies_plan_period_key UNIQUE (plan_id, period)
    )`,
    appendOnly('subsidies'),
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'subsidies',
    'payment_reversals',
    'payment_allocations',
    'payments',
    'receipt_counters',
    'leave_credits',
    'leave_credit_months',
    'charges',
    'journal_lines',
    'journal_entries',
    'funds',
    'ledger_books',
    'school_finance_officers',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
  }
  for (const f of ['journal_entry_balanced', 'journal_line_balanced', 'journal_entry_open', 'charge_at_standard']) await sql`DROP FUNCTION IF EXISTS ${sql.raw(f)}()`.execute(db)
  await sql`DROP FUNCTION IF EXISTS check_journal_entry_balanced(uuid)`.execute(db)
  for (const table of ['plans', 'plan_versions']) {
    await sql`ALTER TABLE ${sql.table(table)} DROP COLUMN IF EXISTS collector, DROP COLUMN IF EXISTS partial_month, DROP COLUMN IF EXISTS leave_credit, DROP COLUMN IF EXISTS due_days, DROP COLUMN IF EXISTS subsidy`.execute(
      db,
    )
  }
}
