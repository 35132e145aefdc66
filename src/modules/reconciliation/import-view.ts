// An import as the treasurer reads it: the file's fingerprint, what was left out and why, and each
// incoming row with its proposal and, once confirmed, its decision and receipt.
import type { Db, Trx } from '../../db/index.js'
import { receiptNosOf } from '../payments/service.js'
import { type FamilyLabel, familiesToMatch } from './families.js'
import * as repo from './repository.js'

type ImportRow = NonNullable<Awaited<ReturnType<typeof repo.importById>>>

export async function importView(db: Db | Trx, imp: ImportRow, labels?: Map<string, FamilyLabel>) {
  const names = labels ?? (await familiesToMatch(db, imp.committee_id)).labels
  const rows = await repo.rowsOfImport(db, imp.id)
  const confirmation = await repo.confirmationOf(db, imp.id)
  const receipts = await receiptNosOf(
    db,
    rows.flatMap((r) => (r.payment_id ? [r.payment_id] : [])),
  )
  const family = (id: string | null) => (id ? { enrollmentId: id, student: names.get(id)?.student ?? null } : null)
  const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length
  return {
    id: imp.id,
    committeeId: imp.committee_id,
    format: imp.format,
    channel: imp.channel,
    fileSha256: imp.file_sha256,
    fileRows: imp.file_rows,
    uploadedBy: imp.uploaded_by,
    createdAt: imp.created_at,
    status: confirmation ? ('confirmed' as const) : ('proposed' as const),
    confirmedBy: confirmation?.confirmed_by ?? null,
    confirmedAt: confirmation?.created_at ?? null,
    counts: {
      incoming: rows.length,
      matched: count((r) => r.status === 'matched'),
      ambiguous: count((r) => r.status === 'ambiguous'),
      unmatched: count((r) => r.status === 'unmatched'),
      alreadyRecorded: count((r) => r.status === 'already-recorded' || r.status === 'decided-before'),
      skipped: imp.skipped.length,
      confirmed: count((r) => r.decision === 'confirmed'),
      skippedByTreasurer: count((r) => r.decision === 'skipped'),
    },
    skipped: imp.skipped,
    rows: rows.map((r) => ({
      line: r.line,
      occurredAt: r.occurred_at,
      amountFen: r.amount_fen,
      transactionNo: r.transaction_no,
      payer: r.payer_name !== null ? { name: r.payer_name, account: r.payer_account } : null,
      memo: r.memo ?? null,
      method: r.method ?? null,
      status: r.status,
      proposed: family(r.enrollment_id),
      reasons: r.reasons,
      candidates: r.candidates.map((id) => family(id)!),
      duplicateOf: r.duplicate_of,
      warning: r.warning,
      decision: r.decision
        ? {
            decision: r.decision,
            family: family(r.decided_enrollment_id),
            corrected: r.corrected ?? false,
            paymentId: r.payment_id,
            receiptNo: r.payment_id ? (receipts.get(r.payment_id) ?? null) : null,
          }
        : null,
    })),
  }
}

export type ImportView = Awaited<ReturnType<typeof importView>>
