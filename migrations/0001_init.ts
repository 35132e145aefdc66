import { type Kysely, sql } from 'kysely'

/** Accounts, tenancy (schools, committees, members, parents), terms, audit and idempotency. */
export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    sql`CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      login text NOT NULL,
      name text NOT NULL,
      phone text,
      password_hash text NOT NULL,
      is_admin boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT users_login_format CHECK (login = lower(login) AND length(login) BETWEEN 3 AND 64)
    )`,
    sql`CREATE UNIQUE INDEX users_login_key ON users (login)`,
    sql`CREATE TABLE sessions (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL
    )`,
    sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`,
    sql`CREATE TABLE schools (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    sql`CREATE TABLE school_reviewers (
      school_id uuid NOT NULL REFERENCES schools (id),
      user_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT school_reviewers_pkey PRIMARY KEY (school_id, user_id)
    )`,
    sql`CREATE INDEX school_reviewers_user_idx ON school_reviewers (user_id)`,
    sql`CREATE TABLE committees (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id),
      name text NOT NULL,
      slug text NOT NULL,
      level text NOT NULL,
      grade integer,
      class_name text,
      invite_code text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT committees_level_check CHECK (level IN ('school', 'grade', 'class')),
      CONSTRAINT committees_grade_needed CHECK (level = 'school' OR grade IS NOT NULL),
      CONSTRAINT committees_class_needed CHECK (level <> 'class' OR class_name IS NOT NULL),
      CONSTRAINT committees_slug_format CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$')
    )`,
    sql`CREATE UNIQUE INDEX committees_slug_key ON committees (slug)`,
    sql`CREATE UNIQUE INDEX committees_invite_code_key ON committees (invite_code)`,
    sql`CREATE INDEX committees_school_idx ON committees (school_id, created_at, id)`,
    sql`CREATE TABLE committee_members (
      committee_id uuid NOT NULL REFERENCES committees (id),
      user_id uuid NOT NULL REFERENCES users (id),
      role text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT committee_members_pkey PRIMARY KEY (committee_id, user_id, role),
      CONSTRAINT committee_members_role_check CHECK (role IN ('chair', 'treasurer', 'auditor', 'member'))
    )`,
    sql`CREATE INDEX committee_members_user_idx ON committee_members (user_id)`,
    sql`CREATE TABLE committee_parents (
      committee_id uuid NOT NULL REFERENCES committees (id),
      user_id uuid NOT NULL REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT committee_parents_pkey PRIMARY KEY (committee_id, user_id)
    )`,
    sql`CREATE INDEX committee_parents_user_idx ON committee_parents (user_id)`,
    sql`CREATE TABLE terms (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      school_id uuid NOT NULL REFERENCES schools (id),
      name text NOT NULL,
      starts_on date NOT NULL,
      ends_on date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT terms_dates_check CHECK (ends_on > starts_on),
      CONSTRAINT terms_school_name_key UNIQUE (school_id, name)
    )`,
    sql`CREATE TABLE audit_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      at timestamptz NOT NULL DEFAULT clock_timestamp(),
      actor_user_id uuid REFERENCES users (id),
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      request_id text,
      data jsonb NOT NULL DEFAULT '{}'::jsonb
    )`,
    sql`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, at)`,
    // The audit trail is evidence: nobody edits or deletes it, not even the application.
    sql`CREATE FUNCTION reject_modification() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END
    $$`,
    sql`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION reject_modification()`,
    sql`CREATE TABLE idempotency_keys (
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      key text NOT NULL,
      request_hash text NOT NULL,
      status_code integer,
      response_body text,
      content_type text,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key)
    )`,
  ]
  for (const statement of statements) await statement.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['idempotency_keys', 'audit_events', 'terms', 'committee_parents', 'committee_members', 'committees', 'school_reviewers', 'schools', 'sessions', 'users']) {
    await sql`DROP TABLE IF EXISTS ${sql.table(t)} CASCADE`.execute(db)
  }
  await sql`DROP FUNCTION IF EXISTS reject_modification()`.execute(db)
}
