// The SQL of renewal decisions (续聘).
import type { Selectable } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { RenewalDecisionsTable } from '../../db/schema.js'

export type DecisionRow = Selectable<RenewalDecisionsTable>

export const insertDecision = (
  trx: Trx,
  d: { committeeId: string; contractId: string; staffId: string; surveyId: string; decision: 'renew' | 'not_renew'; reason: string; results: unknown; decidedBy: string },
  now: Date,
) =>
  trx
    .insertInto('renewal_decisions')
    .values({
      committee_id: d.committeeId,
      contract_id: d.contractId,
      staff_id: d.staffId,
      survey_id: d.surveyId,
      decision: d.decision,
      reason: d.reason,
      results: JSON.stringify(d.results),
      decided_by: d.decidedBy,
      decided_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const findDecision = (db: Db | Trx, id: string) => db.selectFrom('renewal_decisions').selectAll().where('id', '=', id).executeTakeFirst()

export const decisionsOf = (db: Db, contractId: string) =>
  db.selectFrom('renewal_decisions').selectAll().where('contract_id', '=', contractId).orderBy('decided_at').orderBy('id').execute()
