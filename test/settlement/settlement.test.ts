import t from 'tap'
import { expectStatus, moneyWorld } from '../money/world.js'
import { extractText } from '../pdf/extract-text.js'

t.test('a term settled: arrears written off, the surplus shared to the fen by what each family paid, the fund closed, the settlement public', async (t) => {
  const m = await moneyWorld(t, { students: ['王小明', '李小红', '张低保', '周欠费'], plan: { subsidy: { ratePerDayFen: 100, basis: 'enrolled' } } })
  const { ta, w, planId, families } = m
  const [wang, li, , zhou] = families as [(typeof families)[0], (typeof families)[0], (typeof families)[0], (typeof families)[0]]
  const treasurer = () => ta.as(w.tokens.treasurer)
  const pay = (f: (typeof families)[0], amountFen: number, paidAt: string, method = 'wechat') =>
    expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId: f.enrollmentId, amountFen, method, paidAt, confirmDuplicate: true }))
  const months = ['2026-09', '2026-10', '2026-11', '2026-12']
  for (const [i, month] of months.entries()) {
    await m.at(`${month}-01`)
    await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/billing-runs`, { period: month }))
    await pay(wang, 30000, `${month}-01T08:00:00+08:00`)
    // 李小红's family pays the whole term up front in September.
    if (i === 0) await pay(li, 120000, `${month}-01T08:30:00+08:00`, 'bank')
    const expense = await expectStatus(
      201,
      treasurer().post(`/api/v1/committees/${w.committeeId}/expenses`, {
        planId,
        category: '人员劳务',
        amountFen: 40000,
        payee: { kind: 'person', role: '托管服务人员劳务费' },
        spentOn: `${month}-01`,
        description: '劳务',
      }),
    )
    await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/expenses/${expense.id}/approve`))
  }
  await m.at('2026-10-15')
  const claim = await expectStatus(200, treasurer().get(`/api/v1/plans/${planId}/subsidy-claim?month=2026-09`))
  await expectStatus(
    201,
    treasurer().post(`/api/v1/committees/${w.committeeId}/subsidies`, { planId, month: '2026-09', amountFen: claim.totalFen, method: 'bank', receivedOn: '2026-10-15' }),
  )

  await m.at('2026-12-20')
  const early = await expectStatus(200, ta.as(w.tokens.auditor).post(`/api/v1/plans/${planId}/settlement/preview`, {}))
  t.equal(early.ready, false, 'a preview is available during the term')
  t.match(early.blockers.join(' | '), /term ends on 2026-12-31.*months not yet published.*families owing: 周欠费/)

  await m.at('2027-01-04')
  for (const month of months) await expectStatus(201, treasurer().post(`/api/v1/committees/${w.committeeId}/statements`, { period: month }))
  const owing = await treasurer().post(`/api/v1/plans/${planId}/settlement`, {})
  t.match(owing.json(), { code: 'settlement-blocked', detail: /周欠费/ }, 'not while a family owes anything')
  t.equal(
    (await treasurer().post(`/api/v1/enrollments/${zhou.enrollmentId}/arrears/write-off`, { reason: '家庭困难' })).statusCode,
    403,
    'the treasurer does not write off what she collects',
  )
  const writeOff = await expectStatus(
    201,
    ta.as(w.tokens.auditor).post(`/api/v1/enrollments/${zhou.enrollmentId}/arrears/write-off`, { reason: '家庭突发困难，经家委会议决定核销' }),
  )
  t.equal(writeOff.amountFen, 120000)

  const preview = await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/plans/${planId}/settlement/preview`, {}))
  t.ok(preview.ready, preview.blockers.join('; '))
  const { totals } = preview
  t.equal(preview.surplusFen, totals.chargedFen - totals.waiversFen - totals.leaveCreditsFen - totals.writeOffsFen + totals.subsidyFen - totals.expensesFen)
  // Charged 4 × 4 × 300; waived one family; written off one; subsidy; four months of staff pay.
  t.match(totals, { chargedFen: 480000, waiversFen: 120000, writeOffsFen: 120000, expensesFen: 160000, paymentsFen: 240000 })
  const shared = preview.refunds.reduce((s: number, r: { shareFen: number }) => s + r.shareFen, 0)
  t.equal(shared, preview.refundableFen, 'the shares add up to the refundable surplus exactly')
  for (const r of preview.refunds) t.ok(r.shareFen + r.heldFen <= r.paidFen, `${r.student.name} gets back no more than it paid`)
  t.same(preview.refunds.map((r: { student: { name: string } }) => r.student.name).sort(), ['李小红', '王小明'], 'only families who paid share')
  const withCarry = await expectStatus(200, ta.as(w.tokens.reviewer).post(`/api/v1/plans/${planId}/settlement/preview`, { carryOverSubsidy: true }))
  t.match(withCarry.carryOver, { amountFen: totals.subsidyFen, reason: /财政补贴/ }, 'where the school keeps the subsidy in the programme, it is carried over')

  const proposal = await expectStatus(201, treasurer().post(`/api/v1/plans/${planId}/settlement`, {}))
  t.equal(proposal.status, 'awaiting-confirmation')
  t.equal((await treasurer().post(`/api/v1/plans/${planId}/settlement/confirm`)).statusCode, 403, 'the treasurer does not confirm her own proposal')
  const settled = await expectStatus(200, ta.as(w.tokens.chair).post(`/api/v1/plans/${planId}/settlement/confirm`))
  t.match(settled, { status: 'settled', refunds: 2, refundedFen: preview.refunds.reduce((s: number, r: { amountFen: number }) => s + r.amountFen, 0) })
  t.equal((await ta.as(w.tokens.auditor).post(`/api/v1/plans/${planId}/settlement/confirm`)).json().code, 'already-settled', 'settled once')
  t.equal((await treasurer().post(`/api/v1/plans/${planId}/settlement`, {})).json().code, 'already-settled')

  const late = await treasurer().post(`/api/v1/committees/${w.committeeId}/payments`, {
    enrollmentId: wang.enrollmentId,
    amountFen: 100,
    method: 'cash',
    paidAt: '2027-01-04T08:00:00+08:00',
  })
  t.equal(late.json().code, 'fund-closed', 'the fund takes no more payments')
  const refunds = await expectStatus(200, treasurer().get(`/api/v1/plans/${planId}/refunds`))
  t.equal(refunds.unpaid, 2)
  const mine = await expectStatus(200, ta.as(li.token).get(`/api/v1/enrollments/${li.enrollmentId}/refunds`))
  t.equal(mine.items.length, 1, 'a family sees its refund')
  t.equal((await ta.as(li.token).get(`/api/v1/enrollments/${wang.enrollmentId}/refunds`)).statusCode, 404, "and not another family's")
  const paid = await expectStatus(
    200,
    treasurer().post(`/api/v1/refunds/${mine.items[0].id}/paid`, { method: 'wechat', paidAt: '2027-01-04T08:50:00+08:00', reference: 'WX-REFUND-1' }),
  )
  t.equal(paid.status, 'paid')
  t.equal((await treasurer().post(`/api/v1/refunds/${mine.items[0].id}/paid`, { method: 'wechat', paidAt: '2027-01-04T08:50:00+08:00' })).statusCode, 409, 'paid once')
  const receipt = await ta.as(li.token).get(`/api/v1/refunds/${mine.items[0].id}/receipt.pdf`)
  t.equal(receipt.headers['content-type'], 'application/pdf')
  t.ok((await extractText(receipt.rawPayload)).includes(mine.items[0].refundNo), 'the refund receipt names its number')
  t.ok((await expectStatus(200, ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`))).balanced, 'the books still balance')

  const pub = await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements`))
  const last = pub.items.at(-1)
  t.match(last, { kind: 'settlement', period: `settlement-${planId}` }, 'the settlement is the next link of the chain')
  const body = (await ta.as(null).get(`/p/${w.slug}/statements/settlement-${planId}.json`)).body
  for (const f of families) t.notOk(body.includes(f.name), `${f.name} is not named in public`)
  t.equal((await ta.as(null).get(`/p/${w.slug}/statements/settlement-${planId}.pdf`)).headers['content-type'], 'application/pdf')
  t.match(await expectStatus(200, ta.as(null).get(`/p/${w.slug}/statements/verify`)), { valid: true, statements: 5 })
})
