import type { Db } from '../../db/index.js'
import type { BudgetLine, PlanSchedule } from '../../db/schema.js'
import { termsById } from '../schools/service.js'
import { costOf } from './cost.js'
import { approvedVersionsOfCommittee } from './repository.js'

/**
 * What the public may know of a committee's care: the versions the school approved (fee
 * standard, hours, budget and the cost it implies). Drafts and plans under review stay inside.
 * Newest term first.
 */
export async function listPublicPlans(db: Db, committeeId: string) {
  const rows = await approvedVersionsOfCommittee(db, committeeId)
  const terms = await termsById(
    db,
    rows.map((r) => r.term_id),
  )
  return rows
    .map((r) => ({ r, term: terms.get(r.term_id)! }))
    .sort((a, b) => (a.term.startsOn === b.term.startsOn ? a.r.created_at.getTime() - b.r.created_at.getTime() : a.term.startsOn < b.term.startsOn ? 1 : -1))
    .map(({ r, term }) => ({
      id: r.id,
      version: r.version,
      title: r.title,
      termName: term.name,
      schedule: r.schedule as PlanSchedule,
      billing: r.billing,
      feeFen: r.fee_fen,
      capacity: r.capacity,
      budget: r.budget as BudgetLine[],
      cost: costOf({ budget: r.budget as BudgetLine[], expectedParticipants: r.expected_participants, feeFen: r.fee_fen, billing: r.billing }, term),
    }))
}
