import { createHash } from 'node:crypto'
import type { Hat } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { NotFound, RuleViolation } from '../../errors.js'
import type { UploadedPart } from '../../http/multipart.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { formatYuan } from '../../money.js'
import { recordAudit } from '../audit/service.js'
import { paymentsBetween, recordedTransactionNos } from '../payments/service.js'
import { loadCommittee } from '../schools/service.js'
import { familiesToMatch } from './families.js'
import { ImportFileError } from './import-file-error.js'
import { importView } from './import-view.js'
import { transactionKey } from './match-context.js'
import { proposeMatches } from './match-rows.js'
import { mappingHeader } from './parse-generic-csv.js'
import { parseStatement } from './parse-statement.js'
import * as repo from './repository.js'
import { selectIncoming } from './select-incoming.js'
import type { Channel, ColumnMapping, KnownPayments, Proposal, StatementRow } from './types.js'

/** Who takes money in: the treasurer, or the school's finance office where the school collects. */
export const IMPORTERS: readonly Hat[] = ['treasurer', 'school-finance']
/** Who may read an import (it names payers): the collectors, the chair and auditors, the school. */
export const IMPORT_READERS: readonly Hat[] = [...IMPORTERS, 'chair', 'auditor', 'reviewer', 'admin']

const CHANNELS: PaymentMethod[] = ['wechat', 'alipay', 'bank']
const DAY_MS = 86_400_000

export const importNotFound = (importId: string) => () => new NotFound('import', `Import ${importId} not found`)

/** What the committee's books already know: confirmed payer aliases, transactions recorded by hand or decided in an import. */
async function knownOf(db: Db | Trx, committeeId: string) {
  const aliases = (await repo.aliasesOfCommittee(db, committeeId)).map((a) => ({
    enrollmentId: a.enrollment_id,
    channel: a.channel,
    ...(a.payer_name ? { payerName: a.payer_name } : {}),
    ...(a.payer_account ? { payerAccount: a.payer_account } : {}),
  }))
  const byHand = (await recordedTransactionNos(db, committeeId, CHANNELS)).map((p) => ({ channel: p.method as Channel, transactionNo: p.transactionNo }))
  const decided = await repo.decidedTransactions(db, committeeId)
  const skippedBefore = new Set(decided.filter((d) => d.decision === 'skipped').map((d) => transactionKey(d.channel, d.transaction_no)))
  const known: KnownPayments = { aliases, recorded: [...byHand, ...decided.map((d) => ({ channel: d.channel, transactionNo: d.transaction_no }))] }
  return { known, skippedBefore }
}

/**
 * A payment the treasurer typed in by hand (no transaction number, or another) for the same
 * family, amount and channel within a day of the row: probably the same money. The row is still
 * proposed; confirming it needs confirmDuplicate, as recordPayment would.
 */
async function handTypedTwins(db: Db | Trx, committeeId: string, rows: StatementRow[], proposals: Proposal[]) {
  const warnings = new Map<number, string>()
  const times = rows.map((r) => new Date(r.occurredAt).getTime())
  if (times.length === 0) return warnings
  const payments = await paymentsBetween(db, committeeId, CHANNELS, new Date(Math.min(...times) - DAY_MS), new Date(Math.max(...times) + DAY_MS))
  proposals.forEach((p, i) => {
    const row = rows[i]!
    if (!p.enrollmentId || p.status === 'already-recorded') return
    const twin = payments.find(
      (x) => x.enrollmentId === p.enrollmentId && x.amountFen === row.amountFen && x.method === row.channel && Math.abs(x.paidAt.getTime() - times[i]!) < DAY_MS,
    )
    if (twin && twin.reference !== row.transactionNo) {
      warnings.set(
        row.line,
        `receipt ${twin.receiptNo} already records ${formatYuan(row.amountFen)} yuan from this family by ${row.channel} within a day (${twin.reference ? `transaction ${twin.reference}` : 'no transaction number'}): confirm with confirmDuplicate only if it is another payment`,
      )
    }
  })
  return warnings
}

function unreadable(e: ImportFileError) {
  return new RuleViolation(`statement-${e.code}`, `The file cannot be read: ${e.message}. Nothing was imported.`, [
    { path: e.line === undefined ? 'body.file' : `body.file.line.${e.line}`, message: e.message },
  ])
}

/**
 * The treasurer uploads a WeChat Pay, Alipay or bank export (rule 7's payments, issue 20). The file
 * is read whole or refused whole; only incoming, successful rows are kept, each with the family it
 * matches and why, or its candidates. Rows already in the books (same channel and transaction
 * number) are marked, never proposed twice. The file's SHA-256 is kept, the file is not; the same
 * file uploaded again before it is confirmed answers the same import.
 */
export async function importStatement(db: Db, ctx: Ctx, committeeId: string, file: UploadedPart) {
  await loadCommittee(db, ctx, committeeId, { allowed: IMPORTERS, action: 'import a statement' })
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const saved = await repo.mappingOf(db, committeeId)
  let parsed: Awaited<ReturnType<typeof parseStatement>>
  try {
    parsed = await parseStatement(file.bytes, saved ? { mapping: saved.mapping as ColumnMapping } : {})
  } catch (error) {
    if (error instanceof ImportFileError) throw unreadable(error)
    throw error
  }
  return transact(db, async (trx) => {
    const open = await repo.openImportOfFile(trx, committeeId, sha256)
    if (open) return { created: false, view: await importView(trx, open) }
    const { incoming, skipped } = selectIncoming(parsed.rows)
    const { families, labels } = await familiesToMatch(trx, committeeId)
    const { known, skippedBefore } = await knownOf(trx, committeeId)
    const proposals = proposeMatches(incoming, families, known)
    const warnings = await handTypedTwins(trx, committeeId, incoming, proposals)
    const imp = await repo.insertImport(
      trx,
      { committeeId, sha256, format: parsed.format, channel: parsed.channel, fileRows: parsed.rows.length, skipped, uploadedBy: ctx.actor.userId },
      ctx.now,
    )
    await repo.insertRows(
      trx,
      incoming.map((row, i) => {
        const p = proposals[i]!
        const before = p.status === 'already-recorded' && p.duplicateOf === undefined && skippedBefore.has(transactionKey(row.channel, row.transactionNo))
        return {
          import_id: imp.id,
          line: row.line,
          occurred_at: new Date(row.occurredAt),
          amount_fen: row.amountFen,
          transaction_no: row.transactionNo,
          status: before ? 'decided-before' : p.status,
          enrollment_id: p.enrollmentId ?? null,
          reasons: JSON.stringify(before ? ['skipped by the treasurer in an earlier import'] : p.reasons),
          candidates: JSON.stringify(p.candidates),
          duplicate_of: p.duplicateOf ?? null,
          warning: warnings.get(row.line) ?? null,
        }
      }),
      incoming.map((row) => ({
        import_id: imp.id,
        line: row.line,
        payer_name: row.counterparty,
        payer_account: row.counterpartyAccount ?? null,
        memo: row.memo,
        method: row.method,
      })),
    )
    await recordAudit(trx, ctx, {
      action: 'statement.imported',
      entityType: 'statement-import',
      entityId: imp.id,
      data: { committeeId, sha256, format: parsed.format, fileRows: parsed.rows.length, incoming: incoming.length, skipped: skipped.length },
    })
    return { created: true, view: await importView(trx, imp, labels) }
  })
}

export async function getImport(db: Db, ctx: Ctx, importId: string) {
  const imp = await repo.importById(db, importId)
  if (!imp) throw importNotFound(importId)()
  await loadCommittee(db, ctx, imp.committee_id, { allowed: IMPORT_READERS, action: 'see the import' }, importNotFound(importId))
  return importView(db, imp)
}

/** A committee's imports, without their rows (getImport has them). */
export async function listImports(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  await loadCommittee(db, ctx, committeeId, { allowed: IMPORT_READERS, action: 'see its imports' })
  const result = await paginate(repo.importsOfCommittee(db, committeeId), page, { createdAt: 'i.created_at', id: 'i.id' })
  return {
    items: result.items.map((i) => ({
      id: i.id,
      format: i.format,
      channel: i.channel,
      fileSha256: i.file_sha256,
      fileRows: i.file_rows,
      uploadedBy: i.uploaded_by,
      createdAt: i.created_at,
      status: i.confirmed_at ? ('confirmed' as const) : ('proposed' as const),
      confirmedAt: i.confirmed_at,
    })),
    nextCursor: result.nextCursor,
  }
}

export async function getImportMapping(db: Db, ctx: Ctx, committeeId: string) {
  await loadCommittee(db, ctx, committeeId, { allowed: IMPORT_READERS, action: 'see its import mapping' })
  const saved = await repo.mappingOf(db, committeeId)
  return { mapping: (saved?.mapping as ColumnMapping | undefined) ?? null, updatedBy: saved?.updated_by ?? null, updatedAt: saved?.updated_at ?? null }
}

/** The treasurer saves, once per committee, which columns of the bank's CSV say what. */
export async function saveImportMapping(db: Db, ctx: Ctx, committeeId: string, mapping: ColumnMapping) {
  await loadCommittee(db, ctx, committeeId, { allowed: IMPORTERS, action: 'save the import mapping' })
  try {
    mappingHeader(mapping)
  } catch (error) {
    if (error instanceof ImportFileError) throw new RuleViolation('bad-mapping', `The column mapping cannot be used: ${error.message}`, [{ path: 'body', message: error.message }])
    throw error
  }
  return transact(db, async (trx) => {
    const saved = await repo.saveMapping(trx, committeeId, mapping, ctx.actor.userId, ctx.now)
    await recordAudit(trx, ctx, { action: 'import-mapping.saved', entityType: 'committee', entityId: committeeId, data: { mapping } })
    return { mapping: saved.mapping as ColumnMapping, updatedBy: saved.updated_by, updatedAt: saved.updated_at }
  })
}
