import { type Kysely, sql } from 'kysely'

/**
 * Append-only tables refuse TRUNCATE too: the row triggers of UPDATE and DELETE never fire for
 * it, so `TRUNCATE journal_lines` emptied the books. Every table with an `<table>_append_only`
 * trigger gets a statement trigger `<table>_no_truncate` with the same refusal.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`DO $$
    DECLARE t record;
    BEGIN
      FOR t IN
        SELECT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND g.tgname = c.relname || '_append_only'
      LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION reject_modification()', t.relname || '_no_truncate', t.relname);
      END LOOP;
    END
  $$`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DO $$
    DECLARE t record;
    BEGIN
      FOR t IN
        SELECT c.relname, g.tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND g.tgname = c.relname || '_no_truncate'
      LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t.tgname, t.relname);
      END LOOP;
    END
  $$`.execute(db)
}
