import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

// Issue 14 item 1: a family's duplicate check stays within the family; the committee sees
// possible duplicates across families at first review; no parent learns of another family.
t.test("applying under another family's child neither leaks that family nor blocks the child", async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w)
  const url = `/api/v1/plans/${plan.id}/applications`
  const first = await expectStatus(201, ta.as(w.tokens.parent1).post(url, applicationBody('王小明')))

  // Another family applies with the same child name and class: not refused, and told nothing.
  const res = await ta
    .as(w.tokens.parent2)
    .post(url, applicationBody('王小明', { guardian: { name: '王小明爸爸', phone: '13700137000', relation: '父亲' }, signature: { name: '王小明爸爸', consent: true } }))
  t.equal(res.statusCode, 201, 'the family applies; whether the name is taken is not its business')
  t.notOk(res.body.includes(first.id), "the answer does not point at the other family's application")
  t.notOk('possibleDuplicates' in res.json(), 'a parent is not shown possible duplicates')
  const second = res.json()

  // Within one family, the same child twice is still refused.
  const again = await ta.as(w.tokens.parent1).post(url, applicationBody('王小明'))
  t.equal(again.statusCode, 409)
  t.equal(again.json().code, 'already-applied')
  t.notOk(again.body.includes(second.id), 'and the refusal names no other family either')

  for (const who of ['parent1', 'parent2'] as const) {
    const own = await expectStatus(200, ta.as(w.tokens[who]).get(url))
    t.notOk(JSON.stringify(own).includes(who === 'parent1' ? second.id : first.id), `${who}'s list names no other family`)
    t.notOk(
      own.items.some((a: object) => 'possibleDuplicates' in a),
      `${who} sees no duplicate hints`,
    )
  }

  // The committee (first review) and the school see the pair on both applications.
  for (const who of ['member', 'chair', 'reviewer'] as const) {
    const a = await expectStatus(200, ta.as(w.tokens[who]).get(`/api/v1/applications/${second.id}`))
    t.same(
      a.possibleDuplicates.map((d: { applicationId: string }) => d.applicationId),
      [first.id],
      `${who} sees the possible duplicate`,
    )
    t.match(a.possibleDuplicates[0], { applicationId: first.id, status: 'submitted', submittedAt: String })
    const b = await expectStatus(200, ta.as(w.tokens[who]).get(`/api/v1/applications/${first.id}`))
    t.same(
      b.possibleDuplicates.map((d: { applicationId: string }) => d.applicationId),
      [second.id],
    )
  }
  const listed = await expectStatus(200, ta.as(w.tokens.member).get(url))
  t.same(
    listed.items.map((a: { possibleDuplicates: unknown[] }) => a.possibleDuplicates.length),
    [1, 1],
    'the list shows them too',
  )

  // At first review the member rejects the one that is not the child's family.
  const reviewed = await expectStatus(
    200,
    ta.as(w.tokens.member).post(`/api/v1/applications/${second.id}/review`, { decision: 'reject', comment: '与已有申请重复，经核实非该生家长' }),
  )
  t.equal(reviewed.status, 'rejected')
  t.same(reviewed.possibleDuplicates.length, 1, 'the review answer shows what the reviewer weighed')
  const after = await expectStatus(200, ta.as(w.tokens.member).get(`/api/v1/applications/${first.id}`))
  t.same(after.possibleDuplicates, [], 'a rejected application is no longer a possible duplicate')
  const parentView = await ta.as(w.tokens.parent2).get(`/api/v1/applications/${second.id}`)
  t.notOk(parentView.body.includes(first.id), 'the rejected family still learns nothing of the other')
})
