import { type Kysely, sql } from 'kysely'

/**
 * The service calendar's school inputs (closures/openings, confirmed holiday years), staff,
 * and the daily records of care: attendance with pickup handover, leave, staff on duty, closed
 * sessions and their incidents. Service days, leave and duty drive money (rule 7a, pay), so
 * every record here is append-only: corrections are new rows pointing at the row they replace.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const appendOnly = (table: string) =>
    sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`
  const statements = [
    // One decision per school and date; it applies to every plan of the school.
    sql`CREATE TABLE school_day_overrides (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id),
      date date NOT NULL,
      kind text NOT NULL,
      reason text NOT NULL,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT school_day_overrides_kind_check CHECK (kind IN ('closure', 'open')),
      CONSTRAINT school_day_overrides_reason_check CHECK (length(btrim(reason)) > 0),
      CONSTRAINT school_day_overrides_school_date_key UNIQUE (school_id, date)
    )`,
    appendOnly('school_day_overrides'),
    // A school's statement of a year's holidays that chinese-days does not cover.
    sql`CREATE TABLE calendar_years (
      school_id uuid NOT NULL REFERENCES schools (id),
      year integer NOT NULL,
      holidays jsonb NOT NULL,
      makeup_workdays jsonb NOT NULL,
      confirmed_by uuid NOT NULL REFERENCES users (id),
      confirmed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT calendar_years_pkey PRIMARY KEY (school_id, year),
      CONSTRAINT calendar_years_year_check CHECK (year BETWEEN 2000 AND 2100)
    )`,
    appendOnly('calendar_years'),
    sql`CREATE TABLE staff (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      user_id uuid REFERENCES users (id),
      name text NOT NULL,
      kind text NOT NULL,
      phone text NOT NULL,
      background_certificate_no text NOT NULL,
      background_issued_on date NOT NULL,
      qualifications jsonb NOT NULL DEFAULT '[]'::jsonb,
      created_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT staff_kind_check CHECK (kind IN ('teacher', 'retired_teacher', 'external', 'volunteer')),
      CONSTRAINT staff_committee_user_key UNIQUE (committee_id, user_id)
    )`,
    sql`CREATE INDEX staff_committee_idx ON staff (committee_id, created_at, id)`,
    sql`CREATE INDEX staff_user_idx ON staff (user_id)`,
    // Events of a session: check_in (present/absent/leave) and check_out (who collected the child).
    sql`CREATE TABLE attendance_records (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      service_date date NOT NULL,
      kind text NOT NULL,
      status text,
      picked_up_by_name text,
      picked_up_by_phone text,
      picked_up_by_relation text,
      went_home_alone boolean NOT NULL DEFAULT false,
      at timestamptz NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users (id),
      recorder_staff_id uuid REFERENCES staff (id),
      corrects_id uuid REFERENCES attendance_records (id),
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT attendance_records_kind_check CHECK (kind IN ('check_in', 'check_out')),
      CONSTRAINT attendance_records_status_check CHECK (
        (kind = 'check_in' AND status IN ('present', 'absent', 'leave')) OR (kind = 'check_out' AND status IS NULL)),
      CONSTRAINT attendance_records_handover_check CHECK (
        kind = 'check_in' OR went_home_alone OR picked_up_by_name IS NOT NULL),
      CONSTRAINT attendance_records_correction_reason CHECK (corrects_id IS NULL OR length(btrim(reason)) > 0)
    )`,
    // One original record per child, day and kind; a later fact is a correction, one per row.
    sql`CREATE UNIQUE INDEX attendance_records_original_key ON attendance_records (enrollment_id, service_date, kind)
      WHERE corrects_id IS NULL`,
    sql`CREATE UNIQUE INDEX attendance_records_corrects_key ON attendance_records (corrects_id) WHERE corrects_id IS NOT NULL`,
    sql`CREATE INDEX attendance_records_plan_day_idx ON attendance_records (plan_id, service_date)`,
    sql`CREATE INDEX attendance_records_school_day_idx ON attendance_records (school_id, service_date)`,
    appendOnly('attendance_records'),
    sql`CREATE TABLE leave_requests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES plans (id),
      enrollment_id uuid NOT NULL REFERENCES enrollments (id),
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      reason text NOT NULL,
      reported_by uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT leave_requests_dates_check CHECK (ends_on >= starts_on)
    )`,
    sql`CREATE INDEX leave_requests_plan_day_idx ON leave_requests (plan_id, starts_on, ends_on)`,
    sql`CREATE INDEX leave_requests_enrollment_idx ON leave_requests (enrollment_id, starts_on)`,
    appendOnly('leave_requests'),
    // A row exists once the session is closed; closing is final.
    sql`CREATE TABLE care_sessions (
      plan_id uuid NOT NULL REFERENCES plans (id),
      service_date date NOT NULL,
      closed_by uuid NOT NULL REFERENCES users (id),
      closed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT care_sessions_pkey PRIMARY KEY (plan_id, service_date)
    )`,
    appendOnly('care_sessions'),
    sql`CREATE TABLE session_incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL,
      service_date date NOT NULL,
      kind text NOT NULL,
      students jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT session_incidents_session_fkey FOREIGN KEY (plan_id, service_date) REFERENCES care_sessions (plan_id, service_date),
      CONSTRAINT session_incidents_kind_check CHECK (kind IN ('not_checked_out'))
    )`,
    sql`CREATE INDEX session_incidents_committee_idx ON session_incidents (committee_id, created_at, id)`,
    appendOnly('session_incidents'),
    sql`CREATE TABLE incident_acknowledgements (
      incident_id uuid PRIMARY KEY REFERENCES session_incidents (id),
      acknowledged_by uuid NOT NULL REFERENCES users (id),
      note text NOT NULL,
      acknowledged_at timestamptz NOT NULL DEFAULT now()
    )`,
    appendOnly('incident_acknowledgements'),
    // What per-session and hourly pay are computed from: sign-in and sign-out events per session.
    sql`CREATE TABLE staff_duty_records (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      committee_id uuid NOT NULL REFERENCES committees (id),
      plan_id uuid NOT NULL REFERENCES plans (id),
      service_date date NOT NULL,
      staff_id uuid NOT NULL REFERENCES staff (id),
      event text NOT NULL,
      at timestamptz NOT NULL,
      recorded_by uuid NOT NULL REFERENCES users (id),
      corrects_id uuid REFERENCES staff_duty_records (id),
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT staff_duty_records_event_check CHECK (event IN ('sign_in', 'sign_out')),
      CONSTRAINT staff_duty_records_correction_reason CHECK (corrects_id IS NULL OR length(btrim(reason)) > 0)
    )`,
    sql`CREATE UNIQUE INDEX staff_duty_records_original_key ON staff_duty_records (plan_id, service_date, staff_id, event)
      WHERE corrects_id IS NULL`,
    sql`CREATE UNIQUE INDEX staff_duty_records_corrects_key ON staff_duty_records (corrects_id) WHERE corrects_id IS NOT NULL`,
    sql`CREATE INDEX staff_duty_records_plan_day_idx ON staff_duty_records (plan_id, service_date)`,
    sql`CREATE INDEX staff_duty_records_pay_idx ON staff_duty_records (committee_id, staff_id, service_date)`,
    appendOnly('staff_duty_records'),
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'staff_duty_records',
    'incident_acknowledgements',
    'session_incidents',
    'care_sessions',
    'leave_requests',
    'attendance_records',
    'staff',
    'calendar_years',
    'school_day_overrides',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
  }
}
