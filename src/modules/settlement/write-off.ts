import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { transact } from '../../db/transaction.js'
import { RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { loadEnrollment } from '../enrollment/service.js'
import { familyPositions, lockFund, postEntries } from '../ledger/service.js'
import * as repo from './repository.js'

/**
 * A family's arrears that will not be collected are written off before the term is settled, with
 * a reason, by the chair or an auditor (not the treasurer who collects): the write-off reduces fee
 * income, so the statements show it.
 */
export async function writeOffArrears(db: Db, ctx: Ctx, enrollmentId: string, reason: string) {
  const { plan } = await loadEnrollment(db, ctx, enrollmentId, 'write off arrears', ['chair', 'auditor'])
  return transact(db, async (trx) => {
    const lock = await lockFund(trx, plan.committeeId, plan.id, ctx.now)
    const owed = (await familyPositions(trx, plan.id, [enrollmentId])).get(enrollmentId)?.receivableFen ?? 0
    if (owed <= 0) throw new RuleViolation('nothing-owed', 'This family owes nothing: there is nothing to write off')
    const [entry] = await postEntries(trx, ctx, lock, [
      {
        entryDate: chinaToday(ctx),
        sourceType: 'write_off',
        description: `核销欠费：${reason}`,
        lines: [
          { account: 'write_offs', amountFen: owed },
          { account: 'receivable', amountFen: -owed, enrollmentId },
        ],
      },
    ])
    const row = await repo.insertWriteOff(trx, { planId: plan.id, enrollmentId, amountFen: owed, reason, decidedBy: ctx.actor.userId, entryId: entry!.id }, ctx.now)
    await recordAudit(trx, ctx, { action: 'arrears.written-off', entityType: 'enrollment', entityId: enrollmentId, data: { amountFen: owed, reason, entryId: entry!.id } })
    return { id: row.id, enrollmentId, planId: plan.id, amountFen: owed, reason, entryId: entry!.id, bookedIn: entry!.period }
  })
}
