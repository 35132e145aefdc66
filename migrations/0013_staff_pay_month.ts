import { type Kysely, sql } from 'kysely'

/**
 * Staff pay proposed from the duty records names the month it pays, so the same contract's month
 * is never proposed twice while an earlier proposal stands (recordExpense checks it under the
 * fund's lock; a rejected one may be proposed again).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE expenses ADD COLUMN pay_month text`.execute(db)
  await sql`ALTER TABLE expenses ADD CONSTRAINT expenses_pay_month_check CHECK (pay_month IS NULL OR (contract_id IS NOT NULL AND pay_month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'))`.execute(
    db,
  )
  await sql`CREATE INDEX expenses_contract_month_idx ON expenses (contract_id, pay_month) WHERE pay_month IS NOT NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX expenses_contract_month_idx`.execute(db)
  await sql`ALTER TABLE expenses DROP COLUMN pay_month`.execute(db)
}
