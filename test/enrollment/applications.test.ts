import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { addParent, applicationBody, approvedPlan, expectStatus, planBody } from '../plans/helpers.js'

const CERT = '410302201500123456'

t.test('only an approved plan takes applications', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const chair = ta.as(w.tokens.chair)
  const plan = await expectStatus(201, chair.post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId)))
  const url = `/api/v1/plans/${plan.id}/applications`
  t.equal((await ta.as(w.tokens.parent1).post(url, applicationBody('王小明'))).statusCode, 404, 'a draft is invisible to parents')
  await expectStatus(200, chair.post(`/api/v1/plans/${plan.id}/demand/open`))
  await expectStatus(200, ta.as(w.tokens.parent1).put(`/api/v1/plans/${plan.id}/demand/responses/me`, { need: true }))
  for (const stage of ['demand open', 'submitted', 'returned']) {
    const res = await ta.as(w.tokens.parent1).post(url, applicationBody('王小明'))
    t.equal(res.statusCode, 422, stage)
    t.equal(res.json().code, 'plan-not-approved', stage)
    if (stage === 'demand open') await expectStatus(201, chair.post(`/api/v1/plans/${plan.id}/submit`))
    if (stage === 'submitted') await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/plans/${plan.id}/review`, { decision: 'return', comment: '请补充' }))
  }
  t.equal(await ta.db.selectFrom('applications').select('id').executeTakeFirst(), undefined, 'nothing written')
})

t.test('a parent applies for their own child with a typed signature; the certificate number never leaves in full', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const plan = await approvedPlan(ta, w)
  const url = `/api/v1/plans/${plan.id}/applications`
  const parent = ta.as(w.tokens.parent1)

  t.equal((await ta.as(w.tokens.chair).post(url, applicationBody('王小明'))).statusCode, 403, "nobody applies on a family's behalf (rule 1)")
  t.equal((await ta.as(w.tokens.reviewer).post(url, applicationBody('王小明'))).statusCode, 403)
  const noConsent = await parent.post(url, applicationBody('王小明', { signature: { name: '王小明家长', consent: false } }))
  t.equal(noConsent.statusCode, 400)
  const wrongName = await parent.post(url, applicationBody('王小明', { signature: { name: '别人', consent: true } }))
  t.equal(wrongName.statusCode, 422)
  t.equal(wrongName.json().code, 'signature-mismatch')
  const claimWithoutCert = await parent.post(url, applicationBody('王小明', { priority: ['low_income'] }))
  t.equal(claimWithoutCert.statusCode, 400)
  t.same(
    claimWithoutCert.json().errors.map((e: { path: string }) => e.path),
    ['body.lowIncome'],
  )
  const alone = await parent.post(url, applicationBody('王小明', { pickup: { persons: [], goesHomeAlone: true } }))
  t.equal(alone.statusCode, 400, 'going home alone needs the written consent')
  t.equal(await ta.db.selectFrom('applications').select('id').executeTakeFirst(), undefined, 'nothing written by the refusals')

  const res = await parent.post(url, applicationBody('王小明', { priority: ['migrant'], lowIncome: { certificateNo: CERT }, specialNeeds: '花生过敏' }), {
    headers: { 'user-agent': 'WeChat/8.0' },
  })
  t.equal(res.statusCode, 201)
  const app = res.json()
  t.match(app, {
    status: 'submitted',
    planVersion: 1,
    priority: ['migrant', 'low_income'],
    lowIncome: { certificateNoMasked: '******3456' },
    specialNeeds: '花生过敏',
    enrollmentId: null,
    reviews: [],
  })
  t.notOk(res.body.includes(CERT), 'the full certificate number is not in the response')
  const stored = await ta.db.selectFrom('applications').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow()
  t.equal(stored.low_income_certificate, CERT, 'kept for the waiver')
  t.equal(stored.signature_name, '王小明家长')
  t.equal(stored.signed_user_agent, 'WeChat/8.0')
  t.ok(stored.signed_ip)
  const audit = await ta.db.selectFrom('audit_events').select('data').where('entity_id', '=', app.id).executeTakeFirstOrThrow()
  t.notOk(JSON.stringify(audit.data).includes(CERT), 'nor in the audit trail')

  const dup = await parent.post(url, applicationBody('王小明'))
  t.equal(dup.statusCode, 409, 'one open application per student and plan')
  t.equal(dup.json().code, 'already-applied')

  for (const who of ['chair', 'parent1'] as const) {
    const seen = await ta.as(w.tokens[who]).get(`/api/v1/applications/${app.id}`)
    t.equal(seen.statusCode, 200, `${who} sees it`)
    t.notOk(seen.body.includes(CERT), `masked for ${who}`)
    const listed = await ta.as(w.tokens[who]).get(url)
    t.notOk(listed.body.includes(CERT), `masked in the list for ${who}`)
  }
})

t.test('a family sees only its own applications', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const other = await seedWorld(ta, 'b')
  const plan = await approvedPlan(ta, w)
  const url = `/api/v1/plans/${plan.id}/applications`
  const mine = await expectStatus(201, ta.as(w.tokens.parent1).post(url, applicationBody('王小明')))
  const theirs = await expectStatus(201, ta.as(w.tokens.parent2).post(url, applicationBody('李小红')))

  t.equal((await ta.as(w.tokens.parent2).get(`/api/v1/applications/${mine.id}`)).statusCode, 404, "another family's application is not found")
  t.equal((await ta.as(other.tokens.reviewer).get(`/api/v1/applications/${mine.id}`)).statusCode, 404, "another school's reviewer: not found")
  t.equal((await ta.as(other.tokens.parent1).get(url)).statusCode, 404, "another committee's parent: not found")
  const own = await expectStatus(200, ta.as(w.tokens.parent1).get(url))
  t.same(
    own.items.map((a: { id: string }) => a.id),
    [mine.id],
  )
  const all = await expectStatus(200, ta.as(w.tokens.member).get(url))
  t.same(
    all.items.map((a: { id: string }) => a.id),
    [mine.id, theirs.id],
  )
  const filtered = await expectStatus(200, ta.as(w.tokens.reviewer).get(`${url}?status=first_accepted`))
  t.same(filtered.items, [])

  t.equal((await ta.as(w.tokens.parent2).post(`/api/v1/applications/${mine.id}/withdraw`, {})).statusCode, 404, "nobody withdraws another family's application")
  t.equal((await ta.as(w.tokens.chair).post(`/api/v1/applications/${mine.id}/withdraw`, {})).statusCode, 403)
  const withdrawn = await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/applications/${mine.id}/withdraw`, { reason: '改为祖父母接送' }))
  t.equal(withdrawn.status, 'withdrawn')
  const again = await ta.as(w.tokens.parent1).post(`/api/v1/applications/${mine.id}/withdraw`, {})
  t.equal(again.json().code, 'application-closed')
  await expectStatus(201, ta.as(w.tokens.parent1).post(url, applicationBody('王小明')))

  const third = await addParent(ta, w, 'a-parent3')
  const pages = await expectStatus(200, ta.as(w.tokens.chair).get(`${url}?limit=2`))
  t.equal(pages.items.length, 2)
  t.ok(pages.nextCursor)
  t.same((await expectStatus(200, ta.as(third.token).get(url))).items, [], 'a new family has none')
})
