import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { ImportChannel } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { AppError, Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { recordPaymentIn } from '../payments/service.js'
import { loadCommittee } from '../schools/service.js'
import { IMPORTERS, importNotFound } from './import-statement.js'
import { importView } from './import-view.js'
import { aliasFromConfirmation } from './learn-alias.js'
import { transactionKey } from './match-context.js'
import * as repo from './repository.js'
import type { StatementRow } from './types.js'

export interface RowDecision {
  line: number
  decision: 'confirm' | 'skip'
  /** The family it pays for: required to confirm an ambiguous or unmatched row, or to correct a match. */
  enrollmentId?: string | undefined
  /** The treasurer checked that a payment recorded by hand within a day is another payment. */
  confirmDuplicate?: boolean | undefined
}

export interface ConfirmInput {
  rows: RowDecision[]
  /** Rows not listed: matched ones are confirmed as proposed (default), or skipped like the rest. */
  acceptMatched: boolean
}

const PROPOSABLE = new Set(['matched', 'ambiguous', 'unmatched'])
const UNIQUE_VIOLATION = '23505'

type Row = Awaited<ReturnType<typeof repo.rowsOfImport>>[number]

/** Every decision refers to a proposable row once, and says which family when the proposal did not. */
function checkDecisions(rows: Map<number, Row>, decisions: RowDecision[]) {
  const errors: { path: string; message: string }[] = []
  const seen = new Set<number>()
  decisions.forEach((d, i) => {
    const row = rows.get(d.line)
    if (seen.has(d.line)) errors.push({ path: `body.rows.${i}.line`, message: `line ${d.line} is decided twice` })
    seen.add(d.line)
    if (!row) errors.push({ path: `body.rows.${i}.line`, message: `line ${d.line} is not an incoming row of this import` })
    else if (!PROPOSABLE.has(row.status)) errors.push({ path: `body.rows.${i}.line`, message: `line ${d.line} is ${row.status}: nothing to decide` })
    else if (d.decision === 'confirm' && !d.enrollmentId && !row.enrollment_id) {
      errors.push({ path: `body.rows.${i}.enrollmentId`, message: `line ${d.line} is ${row.status}: say which family it pays for` })
    }
  })
  if (errors.length) throw new RuleViolation('import-decisions-invalid', `The decisions do not fit the import: ${errors.map((e) => e.message).join('; ')}`, errors)
}

/**
 * The treasurer confirms, corrects or skips each proposed row (issue 20). In one transaction:
 * every confirmed row becomes a payment through recordPayment (its receipt, its allocation, its
 * rules: a refusal of any row refuses them all, naming the row), every decided transaction is
 * kept so it is never proposed or booked again, each confirmed payer name or account is learned
 * for its family, and what the other rows said about their payers is forgotten. Confirming a
 * confirmed import answers it again.
 */
export async function confirmImport(db: Db, ctx: Ctx, importId: string, input: ConfirmInput) {
  const notFound = importNotFound(importId)
  const found = await repo.importById(db, importId)
  if (!found) throw notFound()
  const committeeId = found.committee_id
  await loadCommittee(db, ctx, committeeId, { allowed: IMPORTERS, action: 'confirm an import' }, notFound)
  try {
    return await transact(db, async (trx) => {
      // One confirmation at a time per import: the second waits, then finds it confirmed.
      await repo.lockImport(trx, importId)
      if (await repo.confirmationOf(trx, importId)) return importView(trx, found)
      const rows = await repo.rowsOfImport(trx, importId)
      const byLine = new Map(rows.map((r) => [r.line, r]))
      checkDecisions(byLine, input.rows)
      const listed = new Map(input.rows.map((d, i) => [d.line, { ...d, index: i }]))
      await repo.insertConfirmation(trx, importId, ctx.actor.userId, ctx.now)
      // Decided since the upload (another import confirmed meanwhile): not booked again.
      const decidedSince = new Set((await repo.decidedTransactions(trx, committeeId)).map((d) => transactionKey(d.channel, d.transaction_no)))
      const decisions = []
      const aliases = []
      const forget: number[] = []
      for (const row of rows) {
        const channel = found.channel as ImportChannel
        const base = { import_id: importId, line: row.line, committee_id: committeeId, channel, transaction_no: row.transaction_no }
        const d = listed.get(row.line)
        const confirm = PROPOSABLE.has(row.status) && (d ? d.decision === 'confirm' : input.acceptMatched && row.status === 'matched')
        if (!PROPOSABLE.has(row.status) || decidedSince.has(transactionKey(channel, row.transaction_no))) {
          decisions.push({ ...base, decision: 'already-recorded' as const, enrollment_id: null, payment_id: null })
          forget.push(row.line)
          continue
        }
        if (!confirm) {
          decisions.push({ ...base, decision: 'skipped' as const, enrollment_id: null, payment_id: null })
          forget.push(row.line)
          continue
        }
        const enrollmentId = d?.enrollmentId ?? row.enrollment_id!
        const payment = await recordPaymentIn(
          trx,
          ctx,
          committeeId,
          { enrollmentId, amountFen: row.amount_fen, method: channel, paidAt: row.occurred_at, reference: row.transaction_no, confirmDuplicate: d?.confirmDuplicate },
          { path: d ? `body.rows.${d.index}` : `import.lines.${row.line}` },
        ).catch((error: unknown) => {
          if (error instanceof AppError) throw new AppError(error.status, error.code, error.title, `Line ${row.line}: ${error.message}`, error.errors)
          throw error
        })
        decisions.push({ ...base, decision: 'confirmed' as const, enrollment_id: enrollmentId, corrected: enrollmentId !== row.enrollment_id, payment_id: payment.id })
        const alias = aliasFromConfirmation(
          { channel, counterparty: row.payer_name ?? '', ...(row.payer_account ? { counterpartyAccount: row.payer_account } : {}) } as StatementRow,
          enrollmentId,
        )
        if (alias) {
          aliases.push({
            committee_id: committeeId,
            enrollment_id: enrollmentId,
            channel,
            payer_name: alias.payerName ?? null,
            payer_account: alias.payerAccount ?? null,
            learned_from: importId,
            created_at: ctx.now,
          })
        }
      }
      await repo.insertDecisions(trx, decisions)
      await repo.insertAliases(trx, aliases)
      await repo.forgetPayers(trx, importId, forget)
      const confirmed = decisions.filter((d) => d.decision === 'confirmed')
      await recordAudit(trx, ctx, {
        action: 'statement.import-confirmed',
        entityType: 'statement-import',
        entityId: importId,
        data: {
          confirmed: confirmed.length,
          corrected: confirmed.filter((d) => d.corrected).length,
          skipped: decisions.filter((d) => d.decision === 'skipped').length,
          alreadyRecorded: decisions.filter((d) => d.decision === 'already-recorded').length,
          paymentIds: confirmed.map((d) => d.payment_id),
        },
      })
      return importView(trx, found)
    })
  } catch (error) {
    // Another import confirmed the same transaction at the same moment: nothing of this one was kept.
    if (
      (error as { code?: string }).code === UNIQUE_VIOLATION &&
      String((error as { constraint?: string }).constraint ?? (error as Error).message).includes('statement_import_decisions_once')
    ) {
      throw new Conflict('transaction-already-decided', 'Another import confirmed some of these transactions just now: fetch this import again and confirm what is left')
    }
    throw error
  }
}
