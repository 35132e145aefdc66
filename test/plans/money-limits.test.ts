import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { approvedPlan, expectStatus, planBody } from './helpers.js'

const FEE_CAP = 100_000_000 // 1,000,000 yuan
const LINE_CAP = 100_000_000_000
const TOTAL_CAP = 1_000_000_000_000

t.test('amounts beyond realistic ceilings are refused before anything is written; at the ceilings every plan can still be answered', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const chair = ta.as(w.tokens.chair)
  const url = `/api/v1/committees/${w.committeeId}/plans`
  const lines = (n: number, amountFen: number) => Array.from({ length: n }, (_, i) => ({ category: `类别${i + 1}`, amountFen }))

  const refused: [string, Record<string, unknown>, string][] = [
    ['a fee near 2^53 fen', { feeFen: Number.MAX_SAFE_INTEGER }, 'body.feeFen'],
    ['a fee just above 1,000,000 yuan', { feeFen: FEE_CAP + 1 }, 'body.feeFen'],
    ['a budget line near 2^53 fen', { budget: [{ category: '人员劳务', amountFen: Number.MAX_SAFE_INTEGER }] }, 'body.budget.0.amountFen'],
    ['a budget line above the ceiling', { budget: [{ category: '人员劳务', amountFen: LINE_CAP + 1 }] }, 'body.budget.0.amountFen'],
    ['lines each within the ceiling, summing above the total ceiling', { budget: lines(11, LINE_CAP) }, 'body.budget'],
    ['too many budget lines', { budget: lines(31, 100) }, 'body.budget'],
  ]
  for (const [why, overrides, path] of refused) {
    const res = await chair.post(url, planBody(w.termId, overrides))
    t.equal(res.statusCode, 400, why)
    t.equal(res.json().code, 'validation-failed', why)
    t.ok(
      res.json().errors.some((e: { path: string }) => e.path === path),
      `${why}: names ${path}`,
    )
  }
  t.equal(await ta.db.selectFrom('plans').select('id').executeTakeFirst(), undefined, 'no plan row written by a refusal')
  t.equal(await ta.db.selectFrom('audit_events').select('id').where('action', '=', 'plan.created').executeTakeFirst(), undefined)

  // The largest plan allowed: a term-long monthly fee at the ceiling, a budget of exactly the total ceiling.
  const biggest = await expectStatus(201, chair.post(url, planBody(w.termId, { feeFen: FEE_CAP, budget: lines(10, LINE_CAP), expectedParticipants: 1 })))
  t.match(biggest.cost, { budgetTotalFen: TOTAL_CAP, months: 5, perStudentPerMonthFen: TOTAL_CAP / 5, feePerStudentPerTermFen: FEE_CAP * 5 })
  const edit = await chair.patch(`/api/v1/plans/${biggest.id}`, { feeFen: Number.MAX_SAFE_INTEGER })
  t.equal(edit.statusCode, 400, 'an edit is held to the same ceilings')
  t.equal(Number((await ta.db.selectFrom('plans').select('fee_fen').where('id', '=', biggest.id).executeTakeFirstOrThrow()).fee_fen), FEE_CAP, 'unchanged')

  // Every view of the committee's plans still answers, for every reader.
  t.equal((await chair.get(`/api/v1/plans/${biggest.id}`)).statusCode, 200)
  await approvedPlan(ta, w, { feeFen: FEE_CAP, budget: lines(10, LINE_CAP), expectedParticipants: 1 })
  for (const who of ['chair', 'reviewer', 'parent1'] as const) {
    const list = await ta.as(w.tokens[who]).get(url)
    t.equal(list.statusCode, 200, `${who} lists the plans`)
  }
  t.equal((await ta.as(null).get(`/p/${w.slug}`)).statusCode, 200, 'the public page')
})
