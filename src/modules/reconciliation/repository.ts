// The SQL of statement imports: their rows, payers and decisions, learned payer aliases, saved mappings.
import type { Insertable } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { ImportChannel, StatementImportDecisionsTable, StatementImportPayersTable, StatementImportRowsTable } from '../../db/schema.js'

const CHUNK = 1000

export const insertImport = (
  trx: Trx,
  i: { committeeId: string; sha256: string; format: string; channel: ImportChannel; fileRows: number; skipped: { line: number; reason: string }[]; uploadedBy: string },
  now: Date,
) =>
  trx
    .insertInto('statement_imports')
    .values({
      committee_id: i.committeeId,
      file_sha256: i.sha256,
      format: i.format,
      channel: i.channel,
      file_rows: i.fileRows,
      skipped: JSON.stringify(i.skipped),
      uploaded_by: i.uploadedBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export async function insertRows(trx: Trx, rows: Insertable<StatementImportRowsTable>[], payers: Insertable<StatementImportPayersTable>[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('statement_import_rows')
      .values(rows.slice(i, i + CHUNK))
      .execute()
  for (let i = 0; i < payers.length; i += CHUNK)
    await trx
      .insertInto('statement_import_payers')
      .values(payers.slice(i, i + CHUNK))
      .execute()
}

export const importById = (db: Db | Trx, id: string) => db.selectFrom('statement_imports').selectAll().where('id', '=', id).executeTakeFirst()

/** An import of the same file not confirmed yet: uploading it again answers it. */
export const openImportOfFile = (db: Db | Trx, committeeId: string, sha256: string) =>
  db
    .selectFrom('statement_imports as i')
    .leftJoin('statement_import_confirmations as c', 'c.import_id', 'i.id')
    .selectAll('i')
    .where('i.committee_id', '=', committeeId)
    .where('i.file_sha256', '=', sha256)
    .where('c.import_id', 'is', null)
    .orderBy('i.created_at', 'desc')
    .executeTakeFirst()

export const importsOfCommittee = (db: Db | Trx, committeeId: string) =>
  db
    .selectFrom('statement_imports as i')
    .leftJoin('statement_import_confirmations as c', 'c.import_id', 'i.id')
    .selectAll('i')
    .select(['c.confirmed_by', 'c.created_at as confirmed_at'])
    .where('i.committee_id', '=', committeeId)

export const rowsOfImport = (db: Db | Trx, importId: string) =>
  db
    .selectFrom('statement_import_rows as r')
    .leftJoin('statement_import_payers as p', (j) => j.onRef('p.import_id', '=', 'r.import_id').onRef('p.line', '=', 'r.line'))
    .leftJoin('statement_import_decisions as d', (j) => j.onRef('d.import_id', '=', 'r.import_id').onRef('d.line', '=', 'r.line'))
    .selectAll('r')
    .select(['p.payer_name', 'p.payer_account', 'p.memo', 'p.method', 'd.decision', 'd.enrollment_id as decided_enrollment_id', 'd.corrected', 'd.payment_id'])
    .where('r.import_id', '=', importId)
    .orderBy('r.line')
    .execute()

export const confirmationOf = (db: Db | Trx, importId: string) => db.selectFrom('statement_import_confirmations').selectAll().where('import_id', '=', importId).executeTakeFirst()

export const insertConfirmation = (trx: Trx, importId: string, userId: string, now: Date) =>
  trx.insertInto('statement_import_confirmations').values({ import_id: importId, confirmed_by: userId, created_at: now }).execute()

export async function insertDecisions(trx: Trx, rows: Insertable<StatementImportDecisionsTable>[]) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('statement_import_decisions')
      .values(rows.slice(i, i + CHUNK))
      .execute()
}

/** Forgets what the rows said about their payers (rows that were not a family's payment). */
export async function forgetPayers(trx: Trx, importId: string, lines: number[]) {
  for (let i = 0; i < lines.length; i += CHUNK)
    await trx
      .deleteFrom('statement_import_payers')
      .where('import_id', '=', importId)
      .where('line', 'in', lines.slice(i, i + CHUNK))
      .execute()
}

/** Transactions of a committee already paid or skipped in a confirmed import. */
export const decidedTransactions = (db: Db | Trx, committeeId: string) =>
  db
    .selectFrom('statement_import_decisions')
    .select(['channel', 'transaction_no', 'decision'])
    .where('committee_id', '=', committeeId)
    .where('decision', '<>', 'already-recorded')
    .execute()

export const aliasesOfCommittee = (db: Db | Trx, committeeId: string) =>
  db.selectFrom('payer_aliases').select(['enrollment_id', 'channel', 'payer_name', 'payer_account']).where('committee_id', '=', committeeId).execute()

export async function insertAliases(
  trx: Trx,
  rows: { committee_id: string; enrollment_id: string; channel: ImportChannel; payer_name: string | null; payer_account: string | null; learned_from: string; created_at: Date }[],
) {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('payer_aliases')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.doNothing())
      .execute()
}

export const mappingOf = (db: Db | Trx, committeeId: string) => db.selectFrom('import_mappings').selectAll().where('committee_id', '=', committeeId).executeTakeFirst()

export const saveMapping = (db: Db | Trx, committeeId: string, mapping: unknown, userId: string, now: Date) =>
  db
    .insertInto('import_mappings')
    .values({ committee_id: committeeId, mapping: JSON.stringify(mapping), updated_by: userId, updated_at: now })
    .onConflict((oc) => oc.column('committee_id').doUpdateSet({ mapping: JSON.stringify(mapping), updated_by: userId, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow()

/** Holds the import's row until commit: one confirmation at a time. */
export const lockImport = (trx: Trx, importId: string) => trx.selectFrom('statement_imports').select('id').where('id', '=', importId).forUpdate().executeTakeFirst()
