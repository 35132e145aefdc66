import type { Db } from '../../db/index.js'
import type { BudgetLine, PlanSchedule } from '../../db/schema.js'
import { toFen } from '../../money.js'
import { costOf } from './cost.js'

/**
 * What the public may know of a committee's care: the versions the school approved (fee
 * standard, hours, budget and the cost it implies). Drafts and plans under review stay inside.
 */
export async function listPublicPlans(db: Db, committeeId: string) {
  const rows = await db
    .selectFrom('plans as p')
    .innerJoin('plan_versions as v', (j) => j.onRef('v.plan_id', '=', 'p.id').onRef('v.version', '=', 'p.approved_version'))
    .innerJoin('terms as t', 't.id', 'p.term_id')
    .select(['p.id', 'v.version', 'v.title', 'v.schedule', 'v.billing', 'v.fee_fen', 'v.capacity', 'v.budget', 'v.expected_participants', 't.name as term_name', 't.starts_on', 't.ends_on'])
    .where('p.committee_id', '=', committeeId)
    .where('p.status', '<>', 'closed')
    .orderBy('t.starts_on', 'desc')
    .orderBy('p.created_at')
    .execute()
  return rows.map((r) => {
    const feeFen = toFen(r.fee_fen)
    return {
      id: r.id,
      version: r.version,
      title: r.title,
      termName: r.term_name,
      schedule: r.schedule as PlanSchedule,
      billing: r.billing,
      feeFen,
      capacity: r.capacity,
      budget: r.budget as BudgetLine[],
      cost: costOf({ budget: r.budget as BudgetLine[], expectedParticipants: r.expected_participants, feeFen, billing: r.billing }, { startsOn: r.starts_on, endsOn: r.ends_on }),
    }
  })
}
