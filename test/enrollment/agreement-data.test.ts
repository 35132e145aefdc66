import t from 'tap'
import { chinaDateOf } from '../../src/china-time.js'
import { agreementDataOf } from '../../src/modules/enrollment/agreement.js'
import { build, seedWorld } from '../helpers/app.js'
import { insertApprovedPlan, insertEnrollment } from '../helpers/enrollment-fixtures.js'
import { extractPages } from '../pdf/extract-text.js'
import { addParent, applicationBody, applyAndApprove, approvedPlan, chinaDay, currentTerm, expectStatus } from '../plans/helpers.js'

const AGREEMENT_NO = /^JW-\d{4}-\d{6}$/

// Issue 14 items 15-17, the data side: what the care agreement needs is stored and passed to
// the renderer — a human-readable agreement number, the phones of the committee and the school,
// the plan version and its approval date, the enrollment's own start, the partial-month rule.
t.test('schools and committees have contact and complaint phones, set on creation or later', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'ph')
  const admin = ta.as(w.admin)
  const school = await expectStatus(201, admin.post('/api/v1/schools', { name: '电话小学', phone: '0371-6000 0001', complaintPhone: '0371-6000 0002' }))
  t.match(school, { phone: '0371-6000 0001', complaintPhone: '0371-6000 0002' })
  t.match(await expectStatus(201, admin.post('/api/v1/schools', { name: '无电话小学' })), { phone: null, complaintPhone: null }, 'both optional')

  const url = `/api/v1/schools/${w.schoolId}`
  t.equal((await ta.as(w.tokens.chair).patch(url, { phone: '0371-1' })).statusCode, 403, 'the committee does not set the school’s phones')
  t.equal((await ta.as((await seedWorld(ta, 'ph-x')).tokens.reviewer).patch(url, { phone: '0371-1' })).statusCode, 404)
  t.equal((await ta.as(w.tokens.reviewer).patch(url, { phone: 'call us' })).statusCode, 400)
  const patched = await expectStatus(200, ta.as(w.tokens.reviewer).patch(url, { phone: '0371-6000 1000', complaintPhone: '12345' }))
  t.match(patched, { id: w.schoolId, phone: '0371-6000 1000', complaintPhone: '12345' })
  t.match(await expectStatus(200, ta.as(w.tokens.reviewer).patch(url, { complaintPhone: null })), { phone: '0371-6000 1000', complaintPhone: null }, 'null clears one')

  const committee = await expectStatus(
    201,
    ta
      .as(w.tokens.reviewer)
      .post(`/api/v1/schools/${w.schoolId}/committees`, { name: '一年级1班家委会', slug: 'ph-1-1', level: 'class', grade: 1, className: '1班', phone: '13900001111' }),
  )
  t.equal(committee.phone, '13900001111')
  const c = `/api/v1/committees/${w.committeeId}`
  t.equal((await ta.as(w.tokens.treasurer).patch(c, { phone: '13900002222' })).statusCode, 403, 'the chair or the school sets it')
  t.equal((await ta.as(w.tokens.parent1).patch(c, { phone: '13900002222' })).statusCode, 403)
  t.match(await expectStatus(200, ta.as(w.tokens.chair).patch(c, { phone: '13900002222' })), { id: w.committeeId, phone: '13900002222' })
  t.equal((await expectStatus(200, ta.as(w.tokens.parent1).get(c))).phone, '13900002222', 'parents see whom to call')
  const audit = await ta.db.selectFrom('audit_events').select('action').where('entity_id', 'in', [w.schoolId, w.committeeId]).where('action', 'like', '%.updated').execute()
  t.same(audit.map((a) => a.action).sort(), ['committee.updated', 'school.updated', 'school.updated'])
})

t.test('agreement numbers JW-<year>-<6 digits> run per committee and year, given when the enrollment is made', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'no', { term: currentTerm() })
  const plan = await approvedPlan(ta, w)
  const a1 = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '王小明')
  const a2 = await applyAndApprove(ta, w, plan.id, w.tokens.parent2, '李小红')
  const year = chinaDateOf(ta.clock.now()).slice(0, 4)
  const e1 = await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/enrollments/${a1.enrollmentId}`))
  const e2 = await expectStatus(200, ta.as(w.tokens.chair).get(`/api/v1/enrollments/${a2.enrollmentId}`))
  t.equal(e1.agreementNo, `JW-${year}-000001`)
  t.equal(e2.agreementNo, `JW-${year}-000002`, 'the next one')

  const other = await seedWorld(ta, 'no-x', { term: currentTerm() })
  const otherPlan = await approvedPlan(ta, other)
  const b1 = await applyAndApprove(ta, other, otherPlan.id, other.tokens.parent1, '张三')
  t.equal((await expectStatus(200, ta.as(other.tokens.chair).get(`/api/v1/enrollments/${b1.enrollmentId}`))).agreementNo, `JW-${year}-000001`, 'another committee counts its own')

  // A wait-listed family gets its number when a place (and so an enrollment) comes.
  const full = await approvedPlan(ta, w, { capacity: 1, expectedParticipants: 1, title: '小班方案' })
  const p3 = await addParent(ta, w, 'no-parent3')
  const first = await applyAndApprove(ta, w, full.id, p3.token, '赵一')
  const waiting = await applyAndApprove(ta, w, full.id, w.tokens.parent1, '王小明')
  t.equal(waiting.status, 'waitlisted')
  t.equal(waiting.enrollmentId, null)
  t.equal(
    (await expectStatus(200, ta.as(w.tokens.chair).get(`/api/v1/enrollments/${first.enrollmentId}`))).agreementNo,
    `JW-${year}-000003`,
    'one count for all of the committee’s plans',
  )
  await expectStatus(200, ta.as(p3.token).post(`/api/v1/enrollments/${first.enrollmentId}/withdraw`, { effectiveOn: chinaDay(0), reason: '搬家' }))
  const moved = await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/applications/${waiting.id}`))
  t.equal((await expectStatus(200, ta.as(w.tokens.parent1).get(`/api/v1/enrollments/${moved.enrollmentId}`))).agreementNo, `JW-${year}-000004`)

  const rows = await ta.db.selectFrom('enrollments').select('agreement_no').execute()
  t.ok(
    rows.every((r) => AGREEMENT_NO.test(r.agreement_no ?? '')),
    'every enrollment has one',
  )
  const counter = await ta.db.selectFrom('agreement_counters').selectAll().where('committee_id', '=', w.committeeId).executeTakeFirstOrThrow()
  t.match(counter, { year: Number(year), last_no: 4 })
})

t.test('the agreement is given everything it states: number, phones, plan version and approval, start, partial-month rule', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta, 'ad', { term: currentTerm() })
  await expectStatus(200, ta.as(w.tokens.reviewer).patch(`/api/v1/schools/${w.schoolId}`, { phone: '0371-6000 1000', complaintPhone: '0371-6000 1001' }))
  await expectStatus(200, ta.as(w.tokens.chair).patch(`/api/v1/committees/${w.committeeId}`, { phone: '13900001111' }))
  const plan = await approvedPlan(ta, w, { partialMonth: 'none' })
  t.equal(plan.partialMonth, 'none', 'the plan states its rule for a partial month (none: the whole fee)')
  const versions = await expectStatus(200, ta.as(w.tokens.chair).get(`/api/v1/plans/${plan.id}/versions`))
  t.equal(versions.items[0].partialMonth, 'none', 'frozen with the version the school approves')
  const approvedOn = chinaDateOf(new Date(versions.items[0].review.reviewedAt))
  const app = await applyAndApprove(ta, w, plan.id, w.tokens.parent1, '王小明')

  const before = await agreementDataOf(ta.db, app.enrollmentId)
  t.match(before, {
    agreementNo: AGREEMENT_NO,
    enrollmentId: app.enrollmentId,
    school: { phone: '0371-6000 1000', complaintPhone: '0371-6000 1001' },
    committee: { name: '三年级2班家委会', phone: '13900001111', representative: { name: 'chair ad', title: '家长委员会主任' } },
    term: { startsOn: chinaDay(0), endsOn: chinaDay(140) },
    careStartsOn: null,
    plan: { version: 1, approvedOn, partialMonth: 'whole' }, // the agreement's words for 'none'
  })
  const unsigned = (await ta.as(w.tokens.parent1).get(`/api/v1/enrollments/${app.enrollmentId}/agreement.pdf`)).rawPayload
  t.match((await extractPages(unsigned)).join('\n'), before.agreementNo, 'the number is printed as 协议编号')

  const start = chinaDay(7)
  await expectStatus(200, ta.as(w.tokens.parent1).post(`/api/v1/enrollments/${app.enrollmentId}/agreement/sign`, { name: '王小明家长', startsOn: start }))
  const after = await agreementDataOf(ta.db, app.enrollmentId)
  t.equal(after.careStartsOn, start, "the enrollment's own first day, beside the whole term")
  t.match(after.term, { startsOn: chinaDay(0), endsOn: chinaDay(140) }, 'the term stays the whole term')
  t.equal(after.agreementNo, before.agreementNo, 'the number never changes')

  const another = await approvedPlan(ta, w, { title: '另一方案' })
  t.equal(another.partialMonth, 'service_days', 'a plan prorates by service days unless it says otherwise')

  // An enrollment from before numbers falls back to its UUID: never a guess. Every plan states
  // its rule (the money wave's default is service days).
  const legacyPlan = await insertApprovedPlan(ta.db, { committeeId: w.committeeId, termId: w.termId, createdBy: w.userIds.chair! })
  const legacy = await insertEnrollment(ta.db, {
    planId: legacyPlan,
    guardianUserId: w.userIds.parent2!,
    student: { name: '李小红', className: '三年级（2）班' },
    startsOn: chinaDay(0),
  })
  const data = await agreementDataOf(ta.db, legacy)
  t.equal(data.plan.partialMonth, 'service-days')
  t.equal(data.agreementNo, legacy)
  t.equal(data.plan.approvedOn, null, 'no approval on record')
})

t.test('two admissions at once in two plans of one committee never share a number', async (t) => {
  // On PostgreSQL the two approvals really run at once (each holds only its own plan's lock); the
  // counter row's lock orders them. PGlite has one connection: there they run one after the other.
  const ta = await build(t)
  const w = await seedWorld(ta, 'race', { term: currentTerm() })
  const plans = [await approvedPlan(ta, w, { title: '甲方案' }), await approvedPlan(ta, w, { title: '乙方案' })]
  const numbers: string[] = []
  for (let round = 1; round <= 4; round++) {
    const ids: string[] = []
    for (const [i, plan] of plans.entries()) {
      const app = await expectStatus(201, ta.as(i === 0 ? w.tokens.parent1 : w.tokens.parent2).post(`/api/v1/plans/${plan.id}/applications`, applicationBody(`学生${round}-${i}`)))
      await expectStatus(200, ta.as(w.tokens.member).post(`/api/v1/applications/${app.id}/review`, { decision: 'accept' }))
      ids.push(app.id)
    }
    const approved = await Promise.all(ids.map((id) => expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${id}/review`, { decision: 'accept' }))))
    for (const a of approved) numbers.push((await expectStatus(200, ta.as(w.tokens.chair).get(`/api/v1/enrollments/${a.enrollmentId}`))).agreementNo)
  }
  t.equal(new Set(numbers).size, 8, `eight enrollments, eight numbers: ${numbers.join(' ')}`)
  t.same(
    numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7, 8],
    'and no gap',
  )
})
