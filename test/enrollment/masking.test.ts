import t from 'tap'
import { staffBody } from '../attendance/helpers.js'
import { build, seedWorld } from '../helpers/app.js'
import { addParent, applicationBody, approvedPlan, expectStatus } from '../plans/helpers.js'

const CERT = '410302201500123456'

// Issue 14 item 8: the school's reviewer, who checks low-income status against the register,
// sees the full certificate number; the committee sees it masked; nobody else sees it at all.
t.test('the low-income certificate number: whole for the school reviewer, masked for the committee', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w)
  const created = await ta.as(w.tokens.parent1).post(`/api/v1/plans/${plan.id}/applications`, applicationBody('王小明', { lowIncome: { certificateNo: CERT } }))
  t.equal(created.statusCode, 201)
  t.notOk(created.body.includes(CERT), 'the family gets it back masked')
  const id = created.json().id
  const url = `/api/v1/applications/${id}`

  const reviewer = await expectStatus(200, ta.as(w.tokens.reviewer).get(url))
  t.same(reviewer.lowIncome, { certificateNo: CERT, certificateNoMasked: '******3456' }, 'the reviewer verifies the number against the register')
  const listed = await expectStatus(200, ta.as(w.tokens.reviewer).get(`/api/v1/plans/${plan.id}/applications`))
  t.equal(listed.items[0].lowIncome.certificateNo, CERT, 'in the list too')

  for (const who of ['chair', 'member', 'treasurer', 'auditor', 'parent1'] as const) {
    const res = await ta.as(w.tokens[who]).get(url)
    t.equal(res.statusCode, 200)
    t.same(res.json().lowIncome, { certificateNoMasked: '******3456' }, `${who}: masked`)
    t.notOk(res.body.includes(CERT), `${who}: never the whole number`)
  }
  const admin = await ta.as(w.admin).get(url)
  t.notOk(admin.body.includes(CERT), 'the platform admin is no verifier: masked')
  const stranger = await addParent(ta, w, 'a-parent9')
  const other = await ta.as(stranger.token).get(url)
  t.equal(other.statusCode, 404, 'another family sees nothing of it')
  t.notOk(other.body.includes('3456'))

  // The reviewer's answer to a review also carries it; the committee's does not.
  const first = await ta.as(w.tokens.member).post(`${url}/review`, { decision: 'accept' })
  t.notOk(first.body.includes(CERT))
  const approval = await ta.as(w.tokens.reviewer).post(`${url}/review`, { decision: 'accept' })
  t.equal(approval.json().lowIncome.certificateNo, CERT)
})

t.test('a short staff certificate number is never shown whole', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const url = `/api/v1/committees/${w.committeeId}/staff`
  for (const [certificateNo, shown] of [
    ['AB12', '******'],
    ['WFZ-26', '******26'],
    ['GA-2025-0123', '******0123'],
  ] as const) {
    const body = { ...staffBody(`老师${certificateNo}`), backgroundCheck: { certificateNo, issuedOn: '2025-08-01' } }
    const created = await expectStatus(201, ta.as(w.tokens.chair).post(url, body))
    t.equal(created.backgroundCheck.certificateNoMasked, shown, `${certificateNo} → ${shown}`)
    const visible = [...certificateNo].filter((_, i, all) => created.backgroundCheck.certificateNoMasked.endsWith(all.slice(i).join(''))).length
    t.ok(visible <= Math.max(2, Math.floor(certificateNo.length / 3)), `at most the last 2 characters or a third show (${certificateNo})`)
  }
})
