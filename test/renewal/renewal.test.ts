import { randomUUID } from 'node:crypto'
import t from 'tap'
import { expectOk } from '../attendance/helpers.js'
import { seedWorld, type TestApp, type World } from '../helpers/app.js'
import { insertApprovedPlan } from '../helpers/enrollment-fixtures.js'
import { hire } from '../staff/helpers.js'
import { ballot, createSurvey, surveyWorld, TERM, tokensOf } from '../surveys/helpers.js'

const count = async (ta: TestApp, table: 'staff_contracts' | 'renewal_decisions') =>
  Number(
    (
      await ta.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

/** A survey of one staff member answered `answers` times (scales as given), closing at `closesAt`. */
async function surveyed(ta: TestApp, w: World, planId: string, staffId: string, closesAt: string, scales: [number, number][]) {
  const survey = await createSurvey(ta, w, planId, [staffId], { closesAt })
  const tokens = await tokensOf(ta, survey.id)
  for (const [i, scale] of scales.entries()) {
    await expectOk(201, ta.as(null).post(`/api/v1/surveys/${survey.id}/responses`, { token: tokens[i]!.token, answers: ballot([{ id: staffId, scale }]) }))
  }
  return survey
}

t.test('a renewal cites the latest survey results through a recorded decision, or it is refused', async (t) => {
  const { ta, w, planId, zhao } = await surveyWorld(t, 'rn')
  const contract = await hire(ta, w, zhao, planId, { startsOn: '2026-12-11', endsOn: '2026-12-31' })
  const spring = await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/terms`, { name: '2027年春季学期', startsOn: '2027-02-22', endsOn: '2027-07-09' }))
  const nextPlan = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: spring.id, createdBy: w.userIds.chair! })
  const chair = ta.as(w.tokens.chair)
  const decide = (body: Record<string, unknown>, token = w.tokens.chair) => ta.as(token).post(`/api/v1/contracts/${contract.id}/renewal-decisions`, body)
  const renew = (body: Record<string, unknown>, token = w.tokens.chair) => ta.as(token).post(`/api/v1/contracts/${contract.id}/renew`, body)
  const terms = { planId: nextPlan, startsOn: '2027-02-22', endsOn: '2027-07-09' }
  const reason = '家长和学生满意度较高，同意续聘'

  // No decision, no renewal.
  const bare = await renew(terms)
  t.equal(bare.statusCode, 400, 'decisionId is required')
  const made = await renew({ ...terms, decisionId: randomUUID() })
  t.equal(made.statusCode, 422)
  t.equal(made.json().code, 'renewal-decision-required')
  // No survey has rated her yet: nothing to cite.
  const early = await decide({ surveyId: randomUUID(), decision: 'renew', reason })
  t.equal(early.json().code, 'no-survey-results')

  // A survey with four answers only: its results are withheld, so it cannot be cited.
  const few = await surveyed(ta, w, planId, zhao.staffId, '2026-12-15T18:00:00+08:00', [
    [5, 5],
    [4, 4],
    [5, 4],
    [4, 5],
  ])
  t.equal((await decide({ surveyId: few.id, decision: 'renew', reason })).json().code, 'no-survey-results', 'not closed yet')
  ta.clock.set('2026-12-16')
  t.equal((await decide({ surveyId: few.id, decision: 'renew', reason })).json().code, 'survey-results-withheld')

  // A survey with five answers closes on the 20th.
  const december = await surveyed(ta, w, planId, zhao.staffId, '2026-12-20T18:00:00+08:00', [
    [5, 5],
    [4, 4],
    [5, 3],
    [4, 5],
    [2, 4],
  ])
  ta.clock.set('2026-12-21')
  t.equal((await decide({ surveyId: few.id, decision: 'renew', reason })).json().code, 'survey-not-latest', 'the latest survey is cited, not a convenient one')
  t.equal((await decide({ surveyId: december.id, decision: 'renew', reason }, w.tokens.treasurer)).statusCode, 403)
  const other = await seedWorld(ta, 'rn-x', { term: TERM })
  t.equal((await decide({ surveyId: december.id, decision: 'renew', reason }, other.tokens.chair)).statusCode, 404)
  t.equal(await count(ta, 'renewal_decisions'), 0, 'no refused decision was written')

  const no = await expectOk(201, decide({ surveyId: december.id, decision: 'not_renew', reason: '再观察' }))
  t.equal((await renew({ ...terms, decisionId: no.id })).json().code, 'decision-not-renew')
  const yes = await expectOk(201, decide({ surveyId: december.id, decision: 'renew', reason }))
  t.match(yes, { surveyId: december.id, decision: 'renew', results: { surveyId: december.id, answers: 5, satisfiedPercent: 80, flagged: false, thresholdPercent: 60 } })
  const listed = await expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/contracts/${contract.id}/renewal-decisions`))
  t.same(
    listed.items.map((d: { decision: string }) => d.decision),
    ['not_renew', 'renew'],
  )
  t.equal(await count(ta, 'staff_contracts'), 1, 'no refused renewal wrote a contract')

  // A newer survey closes before the renewal: the decision must cite it.
  const later = await surveyed(ta, w, planId, zhao.staffId, '2026-12-28T18:00:00+08:00', [
    [3, 2],
    [4, 3],
    [2, 2],
    [5, 4],
    [3, 3],
  ])
  ta.clock.set('2026-12-29')
  t.equal((await renew({ ...terms, decisionId: yes.id })).json().code, 'decision-outdated')
  const flagged = await expectOk(201, decide({ surveyId: later.id, decision: 'renew', reason: '满意度未达标，但已提出整改措施并经家委会讨论同意试用续聘' }))
  t.match(flagged.results, { satisfiedPercent: 30, flagged: true }, 'the decision keeps the results it weighed')
  t.equal((await renew({ ...terms, decisionId: flagged.id }, w.tokens.treasurer)).statusCode, 403)
  const renewed = await expectOk(201, renew({ ...terms, decisionId: flagged.id }))
  t.match(renewed, {
    status: 'draft',
    renewsContractId: contract.id,
    renewalDecisionId: flagged.id,
    planId: nextPlan,
    staffId: zhao.staffId,
    role: contract.role,
    rateFen: contract.rateFen,
  })
  t.not(renewed.contractNo, contract.contractNo)
  t.equal((await renew({ ...terms, decisionId: flagged.id })).json().code, 'already-renewed')
  const audit = await ta.db.selectFrom('audit_events').select('data').where('action', '=', 'contract.renewed').executeTakeFirstOrThrow()
  t.match(audit.data, { renewsContractId: contract.id, renewalDecisionId: flagged.id })
  await expectOk(200, chair.get(`/api/v1/contracts/${renewed.id}`))
})
