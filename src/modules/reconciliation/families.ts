// The families an export's rows may be paying for: every family of the committee's open funds,
// with what each owes now, in the matcher's shape and with what a treasurer is shown of them.
import type { Db, Trx } from '../../db/index.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { familyPositions, fundsOfCommittee } from '../ledger/service.js'
import { approvedPlansOfCommittee } from '../plans/service.js'
import type { Family } from './types.js'

export interface FamilyLabel {
  planId: string
  student: { name: string; className: string }
}

export async function familiesToMatch(db: Db | Trx, committeeId: string): Promise<{ families: Family[]; labels: Map<string, FamilyLabel> }> {
  const families: Family[] = []
  const labels = new Map<string, FamilyLabel>()
  const closed = new Set((await fundsOfCommittee(db, committeeId)).filter((f) => f.closedAt).map((f) => f.planId))
  for (const plan of await approvedPlansOfCommittee(db, committeeId)) {
    if (closed.has(plan.planId)) continue
    const fund = plan
    const positions = await familyPositions(db, fund.planId)
    for (const f of await familiesOfPlan(db, fund.planId)) {
      const owedFen = positions.get(f.enrollmentId)?.receivableFen ?? 0
      // Signed families, and any who still owe (a family that withdrew may pay its last month).
      if (f.startsOn === null && owedFen === 0) continue
      families.push({ enrollmentId: f.enrollmentId, studentName: f.student.name, className: f.student.className, guardianName: f.guardian.name, owedFen })
      labels.set(f.enrollmentId, { planId: fund.planId, student: { name: f.student.name, className: f.student.className } })
    }
  }
  return { families, labels }
}
