import { type Kysely, sql } from 'kysely'

/**
 * Care staff under rule 8 (issue 18): the school's white list of third-party providers and its
 * limit on the age of a check, each staff member's background checks and health certificates
 * with who verified them, hiring contracts signed by both parties (evidence like care
 * agreements) and their termination, satisfaction surveys with single-use invitations and
 * anonymous answers, and the renewal decisions that cite a survey. Pay is computed from the duty
 * records of migration 0003 and needs no table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const appendOnly = (table: string) =>
    sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`
  const statements = [
    // 白名单: providers the school allows staff to come from ("实行白名单管理制度"). Removing one
    // sets removed_on once; staff of a removed provider are not put on duty from that day.
    sql`CREATE TABLE staff_providers (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id),
      name text NOT NULL,
      credit_code text,
      added_by uuid NOT NULL REFERENCES users (id),
      added_at timestamptz NOT NULL,
      removed_on date,
      removed_by uuid REFERENCES users (id),
      removal_reason text,
      CONSTRAINT staff_providers_name_check CHECK (length(btrim(name)) > 0),
      CONSTRAINT staff_providers_removal_check CHECK (
        (removed_on IS NULL) = (removed_by IS NULL) AND (removed_on IS NULL) = (removal_reason IS NULL))
    )`,
    sql`CREATE UNIQUE INDEX staff_providers_school_name_key ON staff_providers (school_id, name) WHERE removed_on IS NULL`,
    sql`CREATE INDEX staff_providers_school_idx ON staff_providers (school_id, added_at, id)`,
    // The school's limit on how old a background check or health certificate may be (default 12).
    sql`CREATE TABLE staff_school_settings (
      school_id uuid PRIMARY KEY REFERENCES schools (id),
      check_max_age_months integer NOT NULL,
      updated_by uuid NOT NULL REFERENCES users (id),
      updated_at timestamptz NOT NULL,
      CONSTRAINT staff_school_settings_months_check CHECK (check_max_age_months BETWEEN 1 AND 60)
    )`,
    sql`ALTER TABLE staff ADD COLUMN provider_id uuid REFERENCES staff_providers (id)`,
    // 品德、健康: each certificate as shown, and who verified the original when. Append-only: a
    // renewed certificate is a new row; the one in force on a date is the latest verified then.
    sql`CREATE TABLE staff_checks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      staff_id uuid NOT NULL REFERENCES staff (id),
      kind text NOT NULL,
      certificate_no text NOT NULL,
      issued_on date NOT NULL,
      verified_by text,
      verified_on date,
      recorded_by uuid NOT NULL REFERENCES users (id),
      recorded_at timestamptz NOT NULL,
      CONSTRAINT staff_checks_kind_check CHECK (kind IN ('background', 'health')),
      CONSTRAINT staff_checks_certificate_check CHECK (length(btrim(certificate_no)) > 0),
      CONSTRAINT staff_checks_verified_check CHECK ((verified_by IS NULL) = (verified_on IS NULL)),
      CONSTRAINT staff_checks_verified_after_issue CHECK (verified_on IS NULL OR verified_on >= issued_on)
    )`,
    sql`CREATE INDEX staff_checks_staff_idx ON staff_checks (staff_id, kind, issued_on)`,
    appendOnly('staff_checks'),
    // Staff recorded before checks were verified keep their background check, unverified.
    sql`INSERT INTO staff_checks (staff_id, kind, certificate_no, issued_on, recorded_by, recorded_at)
      SELECT id, 'background', background_certificate_no, background_issued_on, created_by, created_at FROM staff`,

    // 聘用协议. Everything the PDF prints is frozen in `document` when the contract is drawn up,
    // so both parties sign the same bytes; state (signed, active, expired) follows from the
    // signatures, the termination and the clock, never from a stored status.
    sql`CREATE SEQUENCE staff_contract_no_seq`,
    sql`CREATE TABLE staff_contracts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      staff_id uuid NOT NULL REFERENCES staff (id),
      contract_no text NOT NULL,
      role text NOT NULL,
      duties jsonb NOT NULL,
      pay_type text NOT NULL,
      rate_fen bigint NOT NULL,
      pay_day integer NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      representative_user_id uuid NOT NULL REFERENCES users (id),
      document jsonb NOT NULL,
      renews_contract_id uuid REFERENCES staff_contracts (id),
      renewal_decision_id uuid,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      CONSTRAINT staff_contracts_no_key UNIQUE (contract_no),
      CONSTRAINT staff_contracts_pay_type_check CHECK (pay_type IN ('hourly', 'session', 'monthly')),
      CONSTRAINT staff_contracts_rate_check CHECK (rate_fen > 0),
      CONSTRAINT staff_contracts_pay_day_check CHECK (pay_day BETWEEN 1 AND 28),
      CONSTRAINT staff_contracts_dates_check CHECK (ends_on >= starts_on),
      CONSTRAINT staff_contracts_renewal_check CHECK ((renews_contract_id IS NULL) = (renewal_decision_id IS NULL))
    )`,
    sql`CREATE INDEX staff_contracts_committee_idx ON staff_contracts (committee_id, created_at, id)`,
    sql`CREATE INDEX staff_contracts_staff_idx ON staff_contracts (staff_id, plan_id, starts_on)`,
    // A contract is renewed once, and a decision renews one contract.
    sql`CREATE UNIQUE INDEX staff_contracts_renews_key ON staff_contracts (renews_contract_id) WHERE renews_contract_id IS NOT NULL`,
    sql`CREATE UNIQUE INDEX staff_contracts_decision_key ON staff_contracts (renewal_decision_id) WHERE renewal_decision_id IS NOT NULL`,
    appendOnly('staff_contracts'),
    // One signature per party, with the evidence of a care agreement's and the PDF as signed.
    sql`CREATE TABLE contract_signatures (
      contract_id uuid NOT NULL REFERENCES staff_contracts (id),
      party text NOT NULL,
      signer_user_id uuid NOT NULL REFERENCES users (id),
      signer_name text NOT NULL,
      document_sha256 text NOT NULL,
      signed_pdf bytea NOT NULL,
      signed_pdf_sha256 text NOT NULL,
      ip text,
      user_agent text,
      signed_at timestamptz NOT NULL,
      CONSTRAINT contract_signatures_pkey PRIMARY KEY (contract_id, party),
      CONSTRAINT contract_signatures_party_check CHECK (party IN ('chair', 'staff')),
      CONSTRAINT contract_signatures_sha_check CHECK (document_sha256 ~ '^[0-9a-f]{64}$' AND signed_pdf_sha256 ~ '^[0-9a-f]{64}$')
    )`,
    sql`CREATE INDEX contract_signatures_document_sha256_idx ON contract_signatures (document_sha256)`,
    sql`CREATE INDEX contract_signatures_signed_pdf_sha256_idx ON contract_signatures (signed_pdf_sha256)`,
    appendOnly('contract_signatures'),
    // 解聘: once, with the ground, the reason and the first day the contract no longer covers.
    sql`CREATE TABLE contract_terminations (
      contract_id uuid PRIMARY KEY REFERENCES staff_contracts (id),
      effective_on date NOT NULL,
      ground text NOT NULL,
      reason text NOT NULL,
      terminated_by uuid NOT NULL REFERENCES users (id),
      terminated_at timestamptz NOT NULL,
      CONSTRAINT contract_terminations_ground_check CHECK (ground IN ('not_competent', 'misconduct', 'vetting_lapsed', 'staff_request', 'mutual', 'other')),
      CONSTRAINT contract_terminations_reason_check CHECK (length(btrim(reason)) > 0)
    )`,
    appendOnly('contract_terminations'),

    // 满意度测评. A survey is fixed once created; it closes by the clock.
    sql`CREATE TABLE surveys (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      term_id uuid NOT NULL REFERENCES terms (id),
      title text NOT NULL,
      questions jsonb NOT NULL,
      audiences jsonb NOT NULL,
      closes_at timestamptz NOT NULL,
      satisfied_threshold_percent integer NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL,
      CONSTRAINT surveys_threshold_check CHECK (satisfied_threshold_percent BETWEEN 1 AND 100),
      CONSTRAINT surveys_closes_check CHECK (closes_at > created_at)
    )`,
    sql`CREATE INDEX surveys_committee_idx ON surveys (committee_id, created_at, id)`,
    sql`CREATE INDEX surveys_school_idx ON surveys (school_id, created_at, id)`,
    appendOnly('surveys'),
    sql`CREATE TABLE survey_staff (
      survey_id uuid NOT NULL REFERENCES surveys (id),
      staff_id uuid NOT NULL REFERENCES staff (id),
      position integer NOT NULL,
      CONSTRAINT survey_staff_pkey PRIMARY KEY (survey_id, staff_id)
    )`,
    sql`CREATE INDEX survey_staff_staff_idx ON survey_staff (staff_id)`,
    appendOnly('survey_staff'),
    // One per enrolled family (parents: the guardian, who sees it after login) or per enrolled
    // student (students: the class only, as the slip prints it). No time of use is kept.
    sql`CREATE TABLE survey_invitations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      survey_id uuid NOT NULL REFERENCES surveys (id),
      audience text NOT NULL,
      guardian_user_id uuid REFERENCES users (id),
      class_name text,
      token text NOT NULL,
      short_code text NOT NULL,
      used boolean NOT NULL DEFAULT false,
      CONSTRAINT survey_invitations_token_key UNIQUE (token),
      CONSTRAINT survey_invitations_short_code_key UNIQUE (short_code),
      CONSTRAINT survey_invitations_audience_check CHECK (
        (audience = 'parent' AND guardian_user_id IS NOT NULL AND class_name IS NULL) OR
        (audience = 'student' AND guardian_user_id IS NULL AND class_name IS NOT NULL))
    )`,
    sql`CREATE UNIQUE INDEX survey_invitations_family_key ON survey_invitations (survey_id, guardian_user_id) WHERE guardian_user_id IS NOT NULL`,
    sql`CREATE INDEX survey_invitations_survey_idx ON survey_invitations (survey_id, audience)`,
    // A token answers once: the only change an invitation ever sees is used false → true.
    sql`CREATE FUNCTION survey_invitation_use_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.used OR NOT NEW.used
           OR (NEW.id, NEW.survey_id, NEW.audience, NEW.guardian_user_id, NEW.class_name, NEW.token, NEW.short_code)
              IS DISTINCT FROM (OLD.id, OLD.survey_id, OLD.audience, OLD.guardian_user_id, OLD.class_name, OLD.token, OLD.short_code) THEN
          RAISE EXCEPTION 'survey_invitations: an invitation is only ever marked used, once' USING ERRCODE = '23514';
        END IF;
        RETURN NEW;
      END $$`,
    sql`CREATE TRIGGER survey_invitations_use_once BEFORE UPDATE OR DELETE ON survey_invitations
      FOR EACH ROW EXECUTE FUNCTION survey_invitation_use_once()`,
    // The ballot box: what was answered, and nothing about who or when. No id, no time, no
    // audience; a random key orders the rows, and the survey's rows are rewritten in a new random
    // order with every answer, so neither order nor row version points at the newest one.
    sql`CREATE TABLE survey_answers (
      survey_id uuid NOT NULL REFERENCES surveys (id),
      sort_key uuid NOT NULL DEFAULT gen_random_uuid(),
      answers jsonb NOT NULL,
      CONSTRAINT survey_answers_pkey PRIMARY KEY (survey_id, sort_key)
    )`,

    // 续聘: the committee's decision on a contract, citing a closed survey's results for the
    // staff member as they stood. A renewal names the decision it follows.
    sql`CREATE TABLE renewal_decisions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      contract_id uuid NOT NULL REFERENCES staff_contracts (id),
      staff_id uuid NOT NULL REFERENCES staff (id),
      survey_id uuid NOT NULL REFERENCES surveys (id),
      decision text NOT NULL,
      reason text NOT NULL,
      results jsonb NOT NULL,
      decided_by uuid NOT NULL REFERENCES users (id),
      decided_at timestamptz NOT NULL,
      CONSTRAINT renewal_decisions_decision_check CHECK (decision IN ('renew', 'not_renew')),
      CONSTRAINT renewal_decisions_reason_check CHECK (length(btrim(reason)) > 0)
    )`,
    sql`CREATE INDEX renewal_decisions_contract_idx ON renewal_decisions (contract_id, decided_at, id)`,
    appendOnly('renewal_decisions'),
    sql`ALTER TABLE staff_contracts ADD CONSTRAINT staff_contracts_renewal_decision_fkey
      FOREIGN KEY (renewal_decision_id) REFERENCES renewal_decisions (id)`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE staff_contracts DROP CONSTRAINT IF EXISTS staff_contracts_renewal_decision_fkey`.execute(db)
  for (const t of [
    'renewal_decisions',
    'survey_answers',
    'survey_invitations',
    'survey_staff',
    'surveys',
    'contract_terminations',
    'contract_signatures',
    'staff_contracts',
    'staff_checks',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
  }
  await sql`DROP FUNCTION IF EXISTS survey_invitation_use_once()`.execute(db)
  await sql`DROP SEQUENCE IF EXISTS staff_contract_no_seq`.execute(db)
  await sql`ALTER TABLE staff DROP COLUMN IF EXISTS provider_id`.execute(db)
  await sql`DROP TABLE IF EXISTS staff_school_settings`.execute(db)
  await sql`DROP TABLE IF EXISTS staff_providers`.execute(db)
}
