import { type Kysely, sql } from 'kysely'

/**
 * Care plans (a draft, immutable submitted versions, the school's reviews), the demand survey,
 * applications with their two reviews, enrollments and signed care agreements (rules 1–4).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      term_id uuid NOT NULL REFERENCES terms (id),
      status text NOT NULL DEFAULT 'draft',
      title text NOT NULL,
      content jsonb NOT NULL,
      schedule jsonb NOT NULL,
      billing text NOT NULL,
      fee_fen bigint NOT NULL,
      capacity integer NOT NULL,
      budget jsonb NOT NULL,
      expected_participants integer NOT NULL,
      refund_policy text NOT NULL,
      demand_opened_at timestamptz,
      latest_version integer NOT NULL DEFAULT 0,
      approved_version integer,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT plans_status_check CHECK (status IN ('draft', 'demand_open', 'submitted', 'returned', 'approved', 'closed')),
      CONSTRAINT plans_billing_check CHECK (billing IN ('monthly', 'term')),
      CONSTRAINT plans_fee_check CHECK (fee_fen >= 0),
      CONSTRAINT plans_capacity_check CHECK (capacity > 0),
      CONSTRAINT plans_expected_check CHECK (expected_participants > 0),
      CONSTRAINT plans_approved_needs_version CHECK (status <> 'approved' OR approved_version IS NOT NULL)
    )`,
    sql`CREATE INDEX plans_committee_idx ON plans (committee_id, created_at, id)`,
    // What the school reviews and approves: a frozen copy of the plan at each submission.
    sql`CREATE TABLE plan_versions (
      plan_id uuid NOT NULL REFERENCES plans (id),
      version integer NOT NULL,
      title text NOT NULL,
      content jsonb NOT NULL,
      schedule jsonb NOT NULL,
      billing text NOT NULL,
      fee_fen bigint NOT NULL,
      capacity integer NOT NULL,
      budget jsonb NOT NULL,
      expected_participants integer NOT NULL,
      refund_policy text NOT NULL,
      demand_count integer NOT NULL,
      demand_needed integer NOT NULL,
      submitted_by uuid NOT NULL REFERENCES users (id),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT plan_versions_pkey PRIMARY KEY (plan_id, version)
    )`,
    sql`CREATE TRIGGER plan_versions_append_only BEFORE UPDATE OR DELETE ON plan_versions
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,
    sql`CREATE TABLE plan_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL,
      version integer NOT NULL,
      decision text NOT NULL,
      comment text NOT NULL DEFAULT '',
      reviewer_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT plan_reviews_version_fkey FOREIGN KEY (plan_id, version) REFERENCES plan_versions (plan_id, version),
      CONSTRAINT plan_reviews_decision_check CHECK (decision IN ('approve', 'return'))
    )`,
    sql`CREATE TRIGGER plan_reviews_append_only BEFORE UPDATE OR DELETE ON plan_reviews
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,
    sql`CREATE TABLE demand_responses (
      plan_id uuid NOT NULL REFERENCES plans (id),
      user_id uuid NOT NULL REFERENCES users (id),
      need boolean NOT NULL,
      preferred_weekdays integer[] NOT NULL DEFAULT '{}',
      students integer NOT NULL DEFAULT 1,
      note text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT demand_responses_pkey PRIMARY KEY (plan_id, user_id),
      CONSTRAINT demand_responses_students_check CHECK (students BETWEEN 1 AND 10)
    )`,
    sql`CREATE TABLE applications (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans (id),
      plan_version integer NOT NULL,
      guardian_user_id uuid NOT NULL REFERENCES users (id),
      student jsonb NOT NULL,
      guardian jsonb NOT NULL,
      pickup jsonb NOT NULL,
      special_needs text,
      priority text[] NOT NULL DEFAULT '{}',
      low_income_certificate text,
      signature_name text NOT NULL,
      signed_ip text,
      signed_user_agent text,
      status text NOT NULL DEFAULT 'submitted',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT applications_version_fkey FOREIGN KEY (plan_id, plan_version) REFERENCES plan_versions (plan_id, version),
      CONSTRAINT applications_status_check CHECK (status IN ('submitted', 'first_accepted', 'approved', 'waitlisted', 'rejected', 'withdrawn'))
    )`,
    sql`CREATE INDEX applications_plan_idx ON applications (plan_id, status, created_at)`,
    sql`CREATE INDEX applications_guardian_idx ON applications (guardian_user_id, created_at, id)`,
    sql`CREATE TABLE application_reviews (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL REFERENCES applications (id),
      stage text NOT NULL,
      decision text NOT NULL,
      comment text NOT NULL DEFAULT '',
      reviewer_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT application_reviews_stage_check CHECK (stage IN ('first', 'approval')),
      CONSTRAINT application_reviews_decision_check CHECK (decision IN ('accept', 'reject'))
    )`,
    sql`CREATE TRIGGER application_reviews_append_only BEFORE UPDATE OR DELETE ON application_reviews
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,
    sql`CREATE TABLE enrollments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL REFERENCES applications (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      plan_version integer NOT NULL,
      guardian_user_id uuid NOT NULL REFERENCES users (id),
      status text NOT NULL DEFAULT 'awaiting_agreement',
      fee_waived boolean NOT NULL DEFAULT false,
      starts_on date,
      withdrawn_on date,
      withdraw_reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT enrollments_application_key UNIQUE (application_id),
      CONSTRAINT enrollments_status_check CHECK (status IN ('awaiting_agreement', 'active', 'withdrawn')),
      CONSTRAINT enrollments_active_has_start CHECK (status <> 'active' OR starts_on IS NOT NULL)
    )`,
    sql`CREATE INDEX enrollments_plan_idx ON enrollments (plan_id, status)`,
    sql`CREATE INDEX enrollments_guardian_idx ON enrollments (guardian_user_id)`,
    // The evidence of a signature: who, when, from where, and the hash of the exact document read.
    sql`CREATE TABLE agreement_signatures (
      enrollment_id uuid PRIMARY KEY REFERENCES enrollments (id),
      signer_user_id uuid NOT NULL REFERENCES users (id),
      signer_name text NOT NULL,
      document_sha256 text NOT NULL,
      document_created_at timestamptz NOT NULL,
      signed_pdf bytea NOT NULL,
      ip text,
      user_agent text,
      signed_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE TRIGGER agreement_signatures_append_only BEFORE UPDATE OR DELETE ON agreement_signatures
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['agreement_signatures', 'enrollments', 'application_reviews', 'applications', 'demand_responses', 'plan_reviews', 'plan_versions', 'plans']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
  }
}
