import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { toDayNumber } from '../calendar/iso-date.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { BOOK_READERS, familyPositions } from '../ledger/service.js'
import { loadPlan } from '../plans/service.js'
import { openCharges, viewCharges } from './family-charges.js'
import * as repo from './repository.js'

/**
 * The families of a plan with a charge past due and unpaid (a charge is in arrears once its due
 * date, billed + the plan's due days, has passed). For the committee and the school, never public.
 */
export async function listArrears(db: Db, ctx: Ctx, planId: string) {
  await loadPlan(db, ctx, planId, { allowed: BOOK_READERS, action: 'see arrears', seenBy: BOOK_READERS })
  const today = chinaToday(ctx)
  const families = await familiesOfPlan(db, planId)
  const charges = await repo.chargesOfPlan(db, planId)
  const credits = await repo.leaveCreditsOfPlan(db, planId)
  const corrections = await repo.correctionsOfPlan(db, planId)
  const positions = await familyPositions(db, planId)
  const items = []
  for (const family of families) {
    const owed = positions.get(family.enrollmentId)?.receivableFen ?? 0
    if (owed <= 0) continue
    const mine = viewCharges(
      charges.filter((c) => c.enrollment_id === family.enrollmentId),
      credits.filter((c) => c.enrollment_id === family.enrollmentId),
      corrections.filter((c) => c.enrollment_id === family.enrollmentId),
    )
    const open = openCharges(mine, owed)
    const overdue = open.filter((o) => o.charge.dueOn < today)
    if (overdue.length === 0) continue
    const oldest = overdue[0]!.charge
    items.push({
      enrollmentId: family.enrollmentId,
      student: { name: family.student.name, className: family.student.className },
      guardian: { name: family.guardian.name, phone: family.guardian.phone },
      owedFen: owed,
      overdueFen: overdue.reduce((s, o) => s + o.openFen, 0),
      oldestUnpaidPeriod: oldest.period,
      dueOn: oldest.dueOn,
      daysOverdue: toDayNumber(today) - toDayNumber(oldest.dueOn),
      openPeriods: open.map((o) => ({ period: o.charge.period, openFen: o.openFen, dueOn: o.charge.dueOn })),
    })
  }
  items.sort((a, b) => b.daysOverdue - a.daysOverdue || a.student.className.localeCompare(b.student.className) || a.student.name.localeCompare(b.student.name))
  return { planId, asOf: today, families: items.length, totalOverdueFen: items.reduce((s, i) => s + i.overdueFen, 0), items }
}
