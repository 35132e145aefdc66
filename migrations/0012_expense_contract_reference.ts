import { type Kysely, sql } from 'kysely'

/**
 * An expense that pays staff names the hiring contract it pays; the database now holds it to a
 * contract that exists (recordExpense also holds it to one of the expense's plan).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE expenses ADD CONSTRAINT expenses_contract_fkey FOREIGN KEY (contract_id) REFERENCES staff_contracts (id)`.execute(db)
  await sql`CREATE INDEX expenses_contract_idx ON expenses (contract_id) WHERE contract_id IS NOT NULL`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX expenses_contract_idx`.execute(db)
  await sql`ALTER TABLE expenses DROP CONSTRAINT expenses_contract_fkey`.execute(db)
}
