// 续聘: the satisfaction survey decides renewal ("将结果作为续签、解除聘用协议的重要依据"). The chair
// records a decision on a contract that cites the staff member's latest survey results, and only
// a decision to renew, still citing the latest survey, lets a contract be renewed: a new contract
// linked to the old one, signed again by both parties.
import { INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { Conflict, RuleViolation } from '../../errors.js'
import { recordAudit } from '../audit/service.js'
import { contractForRenewal, draftRenewal } from '../staff/service.js'
import { latestResultsForStaff } from '../surveys/service.js'
import * as repo from './repository.js'
import type { RecordDecisionInput, RenewContractInput } from './schemas.js'

const decisionOut = (d: repo.DecisionRow) => ({
  id: d.id,
  contractId: d.contract_id,
  staffId: d.staff_id,
  surveyId: d.survey_id,
  decision: d.decision,
  reason: d.reason,
  results: d.results as never,
  decidedBy: d.decided_by,
  decidedAt: d.decided_at,
})

export async function recordRenewalDecision(db: Db, ctx: Ctx, contractId: string, input: RecordDecisionInput) {
  return db.transaction().execute(async (trx) => {
    const contract = await contractForRenewal(trx, ctx, contractId, ['chair'], 'decide on renewal', true)
    if (contract.status === 'draft') throw new Conflict('contract-not-signed', 'A contract both parties have not signed is not renewed: sign it or draw up another')
    if (contract.status === 'terminated') throw new Conflict('contract-terminated', 'A terminated contract is not renewed')
    const latest = await latestResultsForStaff(trx, contract.committeeId, contract.staffId, ctx)
    if (!latest)
      throw new RuleViolation('no-survey-results', `No closed satisfaction survey has rated ${contract.staffName} yet: survey the families first`, [
        { path: 'body.surveyId', message: 'no closed survey rates this staff member' },
      ])
    if (latest.surveyId !== input.surveyId)
      throw new RuleViolation('survey-not-latest', `Cite the latest survey that rated ${contract.staffName}: ${latest.surveyId} (${latest.title})`, [
        { path: 'body.surveyId', message: `must be ${latest.surveyId}` },
      ])
    if (!latest.shown || !latest.staff)
      throw new RuleViolation('survey-results-withheld', `The results of ${latest.title} are withheld (${latest.withheld}); a decision cannot cite them`, [
        { path: 'body.surveyId', message: 'results withheld' },
      ])
    const results = {
      surveyId: latest.surveyId,
      title: latest.title,
      closesAt: latest.closesAt,
      answers: latest.answers,
      responseRatePercent: latest.responseRatePercent,
      thresholdPercent: latest.thresholdPercent,
      satisfiedPercent: latest.staff.satisfiedPercent,
      flagged: latest.staff.flagged,
    }
    const row = await repo.insertDecision(
      trx,
      {
        committeeId: contract.committeeId,
        contractId,
        staffId: contract.staffId,
        surveyId: latest.surveyId,
        decision: input.decision,
        reason: input.reason,
        results,
        decidedBy: ctx.actor.userId,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'contract.renewal-decided',
      entityType: 'contract',
      entityId: contractId,
      data: { decisionId: row.id, decision: input.decision, surveyId: latest.surveyId, satisfiedPercent: results.satisfiedPercent, flagged: results.flagged },
    })
    return decisionOut(row)
  })
}

export async function listRenewalDecisions(db: Db, ctx: Ctx, contractId: string) {
  await contractForRenewal(db, ctx, contractId, INSIDERS, 'see its renewal decisions')
  return { items: (await repo.decisionsOf(db, contractId)).map(decisionOut), nextCursor: null }
}

export async function renewContract(db: Db, ctx: Ctx, contractId: string, input: RenewContractInput) {
  return db.transaction().execute(async (trx) => {
    const old = await contractForRenewal(trx, ctx, contractId, ['chair'], 'renew a contract', true)
    const decision = await repo.findDecision(trx, input.decisionId)
    if (!decision || decision.contract_id !== contractId)
      throw new RuleViolation('renewal-decision-required', 'A renewal follows a recorded decision on this contract that cites the staff member’s latest survey results', [
        { path: 'body.decisionId', message: 'no such decision on this contract' },
      ])
    if (decision.decision !== 'renew')
      throw new RuleViolation('decision-not-renew', 'The recorded decision is not to renew', [{ path: 'body.decisionId', message: 'decided not_renew' }])
    if (old.status === 'terminated') throw new Conflict('contract-terminated', 'A terminated contract is not renewed')
    if (old.renewedBy) throw new Conflict('already-renewed', `This contract was already renewed by ${old.renewedBy}`)
    const latest = await latestResultsForStaff(trx, old.committeeId, old.staffId, ctx)
    if (latest?.surveyId !== decision.survey_id)
      throw new RuleViolation('decision-outdated', 'A newer survey has closed since the decision: record a decision that cites it', [
        { path: 'body.decisionId', message: 'cites an older survey' },
      ])
    const { decisionId: _, ...given } = input
    const terms = {
      ...old.terms,
      ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    } as Parameters<typeof draftRenewal>[3]
    return draftRenewal(trx, ctx, old, terms, decision.id)
  })
}
