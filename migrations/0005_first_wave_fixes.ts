import { type Kysely, sql } from 'kysely'

/**
 * The first wave's fixes (issue 14): contact phones for the care agreement, the plan's rule for a
 * partial month, human-readable agreement numbers, corrections of a confirmed holiday year with
 * their history, priority claims a reviewer strikes, and a lookup of signed agreements by hash.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    // Printed on the care agreement: whom a family calls, and where it complains (item 17).
    sql`ALTER TABLE schools ADD COLUMN phone text, ADD COLUMN complaint_phone text`,
    sql`ALTER TABLE committees ADD COLUMN phone text`,

    // How a part month is charged (items 16, 17) is the money wave's plans.partial_month (0004).

    // 协议编号 JW-<year>-<6 digits>, sequential per committee and year (item 17); the enrollment's
    // UUID stays the reference. The counter row is taken FOR UPDATE by the insert that uses it.
    sql`CREATE TABLE agreement_counters (
      committee_id uuid NOT NULL REFERENCES committees (id),
      year integer NOT NULL,
      last_no integer NOT NULL,
      CONSTRAINT agreement_counters_pkey PRIMARY KEY (committee_id, year),
      CONSTRAINT agreement_counters_last_no_check CHECK (last_no BETWEEN 1 AND 999999)
    )`,
    sql`ALTER TABLE enrollments ADD COLUMN agreement_no text,
      ADD CONSTRAINT enrollments_agreement_no_format CHECK (agreement_no ~ '^JW-[0-9]{4}-[0-9]{6}$')`,
    // Enrollments made before numbers existed get theirs in the order they were made.
    sql`WITH numbered AS (
        SELECT e.id, p.committee_id, extract(year FROM (e.created_at AT TIME ZONE 'UTC') + interval '8 hours')::int AS year,
               row_number() OVER (PARTITION BY p.committee_id, extract(year FROM (e.created_at AT TIME ZONE 'UTC') + interval '8 hours')
                                  ORDER BY e.created_at, e.id) AS n
        FROM enrollments e JOIN plans p ON p.id = e.plan_id
      )
      UPDATE enrollments e SET agreement_no = 'JW-' || numbered.year || '-' || lpad(numbered.n::text, 6, '0')
      FROM numbered WHERE numbered.id = e.id`,
    sql`INSERT INTO agreement_counters (committee_id, year, last_no)
      SELECT p.committee_id, substr(e.agreement_no, 4, 4)::int, max(substr(e.agreement_no, 9)::int)
      FROM enrollments e JOIN plans p ON p.id = e.plan_id
      GROUP BY p.committee_id, substr(e.agreement_no, 4, 4)`,

    // A holiday year stays as first confirmed; a correction supersedes it with a reason, and the
    // latest version is the one in force (item 13). Where the dates came from, said plainly.
    sql`ALTER TABLE calendar_years ADD COLUMN source text`,
    sql`CREATE TABLE calendar_year_corrections (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL,
      year integer NOT NULL,
      version integer NOT NULL,
      holidays jsonb NOT NULL,
      makeup_workdays jsonb NOT NULL,
      reason text NOT NULL,
      source text,
      corrected_by uuid NOT NULL REFERENCES users (id),
      corrected_at timestamptz NOT NULL,
      CONSTRAINT calendar_year_corrections_year_fkey FOREIGN KEY (school_id, year) REFERENCES calendar_years (school_id, year),
      CONSTRAINT calendar_year_corrections_version_key UNIQUE (school_id, year, version),
      CONSTRAINT calendar_year_corrections_version_check CHECK (version >= 2),
      CONSTRAINT calendar_year_corrections_reason_check CHECK (length(btrim(reason)) > 0)
    )`,
    sql`CREATE TRIGGER calendar_year_corrections_append_only BEFORE UPDATE OR DELETE ON calendar_year_corrections
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,

    // A priority claim a reviewer found unsupported, with the reason the family sees (item 20).
    sql`CREATE TABLE application_priority_strikes (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      application_id uuid NOT NULL REFERENCES applications (id),
      priority_group text NOT NULL,
      stage text NOT NULL,
      reason text NOT NULL,
      struck_by uuid NOT NULL REFERENCES users (id),
      struck_at timestamptz NOT NULL,
      CONSTRAINT application_priority_strikes_group_check CHECK (priority_group IN ('disabled', 'left_behind', 'migrant', 'low_income')),
      CONSTRAINT application_priority_strikes_stage_check CHECK (stage IN ('first', 'approval')),
      CONSTRAINT application_priority_strikes_reason_check CHECK (length(btrim(reason)) > 0),
      CONSTRAINT application_priority_strikes_once UNIQUE (application_id, priority_group)
    )`,
    sql`CREATE TRIGGER application_priority_strikes_append_only BEFORE UPDATE OR DELETE ON application_priority_strikes
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,

    // Anyone holding an agreement asks whether it is genuine by its SHA-256 (item 19): the signed
    // PDF's hash (what families keep) and the hash of the text that was read and signed.
    sql`CREATE INDEX agreement_signatures_signed_pdf_sha256_idx ON agreement_signatures (encode(sha256(signed_pdf), 'hex'))`,
    sql`CREATE INDEX agreement_signatures_document_sha256_idx ON agreement_signatures (document_sha256)`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`DROP INDEX IF EXISTS agreement_signatures_document_sha256_idx`,
    sql`DROP INDEX IF EXISTS agreement_signatures_signed_pdf_sha256_idx`,
    sql`DROP TABLE IF EXISTS application_priority_strikes`,
    sql`DROP TABLE IF EXISTS calendar_year_corrections`,
    sql`ALTER TABLE calendar_years DROP COLUMN IF EXISTS source`,
    sql`ALTER TABLE enrollments DROP COLUMN IF EXISTS agreement_no`,
    sql`DROP TABLE IF EXISTS agreement_counters`,
    sql`ALTER TABLE committees DROP COLUMN IF EXISTS phone`,
    sql`ALTER TABLE schools DROP COLUMN IF EXISTS phone, DROP COLUMN IF EXISTS complaint_phone`,
  ]
  for (const statement of statements) await statement.execute(db)
}
