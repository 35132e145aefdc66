import { createHash } from 'node:crypto'
import t from 'tap'
import { renderCareAgreement, toTemplateValues } from '../../src/pdf/care-agreement.js'
import { extractPages, extractText, hasText } from './extract-text.js'
import { CREATION_DATE, LOW_INCOME_CERTIFICATE_NO, sampleAgreement, sampleCertificate } from './fixtures.js'

const render = (data = sampleAgreement()) => renderCareAgreement(data, { creationDate: CREATION_DATE })

t.test('the agreement names the parties, the student, the plan, the fee and the schedule', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '洛阳市实验小学三年级（2）班家长委员会', // 甲方 with its school
    '乙方：王建国（学生父亲），联系电话：13800138000',
    '姓名：王小明',
    '班级：三年级（2）班',
    '学号：20230215',
    '三年级（2）班课后托管服务方案',
    '周一至周五 16:30—18:00',
    '每月 300.00 元（人民币叁佰元整），按月收取',
    '2025年9月1日至2026年1月16日',
    '服务地点：教学楼三楼 302 教室',
  ])
    t.ok(text.includes(expected), `shows ${expected}`)
})

t.test('the agreement carries the clauses the policy requires', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '自愿为学生申请参加本托管服务',
    '不得强迫或变相强迫', // voluntary
    '一事一收、一事一结',
    '结余部分按乙方实缴金额按实退还', // settlement and refund
    '本方案退费办法：学生因病、因事请假经批准的，按每个服务日 3.36 元', // the plan's own rule
    '背景调查',
    '考勤', // safety
    '李秀英（母亲），联系电话：13900139000',
    '王德福（祖父）', // authorised pickup persons
    '未经乙方书面同意，学生不得在托管结束后自行回家',
    '对花生过敏', // special needs
    '个人信息', // privacy
    '协议生成日期：2025年8月25日',
    '签名：____', // blank line to sign
  ])
    t.ok(text.includes(expected), `says ${expected}`)
  t.notOk(/undefined|null|NaN|\[object/.test(text), 'no programming words leak into the text')
})

t.test('going home alone appears only with written consent', async (t) => {
  const text = await extractText(await render(sampleAgreement({ pickup: { persons: [], goesHomeAlone: true } })))
  t.ok(text.includes('乙方已书面同意学生在托管结束后自行回家'))
  t.notOk(text.includes('未经乙方书面同意'))
  t.ok(text.includes('乙方未授权其他接送人'), 'says nobody else may pick up')
})

t.test('the waiver appears only for a low-income family, with the certificate number masked', async (t) => {
  const normal = await extractText(await render())
  t.notOk(normal.includes('建档立卡'), 'no waiver wording for an ordinary family')
  t.notOk(normal.includes('免收'))

  const waived = await extractText(await render(sampleAgreement({ lowIncome: { certificateNo: LOW_INCOME_CERTIFICATE_NO } })))
  t.ok(waived.includes('乙方家庭为建档立卡家庭'))
  t.ok(waived.includes('依规免收托管服务费'))
  t.match(waived, /应缴托管服务费为\s*0\.00 元/)
  t.ok(waived.includes('******3456'), 'the masked number lets the family recognise it')
  t.notOk(waived.includes(LOW_INCOME_CERTIFICATE_NO), 'the full certificate number is never printed')
  t.notOk(waived.includes(LOW_INCOME_CERTIFICATE_NO.slice(0, 8)), 'nor its leading digits')
  t.notOk(waived.includes('按月收取'), 'no billing line for a waived family')
  t.notOk(waived.includes('本学期托管费合计'), 'no term total to pay')
})

t.test('fees are formatted exactly from integer fen', async (t) => {
  const plan = { ...sampleAgreement().plan, feeFen: 123456, billing: 'term' as const }
  const text = await extractText(await render(sampleAgreement({ plan })))
  t.ok(text.includes('每学期 1234.56 元'))
  t.throws(() => toTemplateValues(sampleAgreement({ plan: { ...plan, feeFen: 300.5 } }), { creationDate: CREATION_DATE }))
  t.throws(() => toTemplateValues(sampleAgreement({ plan: { ...plan, feeFen: -1 } }), { creationDate: CREATION_DATE }))
})

t.test('optional lines disappear instead of printing an empty value', async (t) => {
  const base = sampleAgreement()
  const text = await extractText(
    await render(
      sampleAgreement({
        student: { ...base.student, studentNo: null },
        plan: { ...base.plan, schedule: { ...base.plan.schedule, place: '  ' } },
        specialNeeds: null,
      }),
    ),
  )
  t.notOk(text.includes('学号'))
  t.notOk(text.includes('服务地点'))
  t.ok(text.includes('乙方告知学生没有需要特别关注的健康状况或特殊需要'))
})

t.test('free text typed by a parent keeps its lines and loses control characters', async (t) => {
  const pages = await extractPages(await render(sampleAgreement({ specialNeeds: '对花生过敏。\r\n哮喘，随身带药。\u0007' })))
  const text = pages.join('')
  t.ok(text.includes('对花生过敏。哮喘，随身带药。'))
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  t.notOk(/[\u0000-\u001F]/.test(text), 'no control characters reach the page')
})

t.test('a signed agreement fills the signature and ends with the certificate page', async (t) => {
  const unsigned = await render()
  const sha = createHash('sha256').update(unsigned).digest('hex')
  const signed = await renderCareAgreement(sampleAgreement(), { creationDate: CREATION_DATE, certificate: sampleCertificate(sha) })
  const pages = await extractPages(signed)
  const unsignedPages = await extractPages(unsigned)
  t.equal(pages.length, unsignedPages.length + 1, 'exactly one extra page')

  const body = pages.slice(0, -1).join('')
  t.ok(body.includes('签名：王建国（电子签署）'), 'typed name in the signature block')
  t.ok(hasText(body, '签名：王建国（电子签署） 日期：2025年8月25日 日期：2025年8月31日'), "signing date in Beijing time, beside 甲方's date")
  t.notOk(body.includes('____'), 'no blank signature line left')
  // Issue 14 item 18: a 4-page signed PDF said 共 3 页 on its pages.
  for (const [i, page] of pages.entries()) t.ok(page.includes(`第 ${i + 1} 页 / 共 ${pages.length} 页`), `page ${i + 1} counts the certificate page`)
  t.ok(pages.at(-1)!.includes('（附页：电子签署证书）'), 'the certificate page says what it is')

  const certificate = pages.at(-1) ?? ''
  t.ok(certificate.startsWith('电子签署证书'))
  t.ok(certificate.includes(`协议正文共 ${unsignedPages.length} 页`), 'the certificate names how many pages it covers')
  for (const expected of [
    sha,
    '王建国',
    '203.0.113.45',
    'MicroMessenger/8.0.50',
    '7b0e6a52-3f0c-4d0f-9a57-1c2d3e4f5a6b',
    '2025年8月31日 20:15:03（北京时间）',
    '签署前阅读并同意的协议文件',
    'sha256sum',
    'certutil -hashfile',
  ]) {
    t.ok(certificate.includes(expected), `certificate shows ${expected}`)
  }
})

t.test('a certificate without a real SHA-256 is refused', async (t) => {
  await t.rejects(renderCareAgreement(sampleAgreement(), { creationDate: CREATION_DATE, certificate: sampleCertificate('abc') }), /64 hex digits/)
})

// Issue 14 items 15–17, checked with pdftotext against the policy texts.
t.test('the care period is the whole term, and a later start is printed as 起始日期', async (t) => {
  const whole = await extractText(await render())
  t.ok(whole.includes('服务期限：2025年9月1日至2026年1月16日（2025—2026学年第一学期）'))
  t.notOk(whole.includes('起始日期：'), 'no start date when care starts with the term')
  const later = await extractText(await render(sampleAgreement({ careStartsOn: '2025-10-08' })))
  t.ok(later.includes('服务期限：2025年9月1日至2026年1月16日'), 'still the whole term')
  t.ok(later.includes('起始日期：学生自2025年10月8日起参加本托管服务'))
  t.ok(hasText(later, '实际应缴金额按下列规则计算，不超过上述合计'))
  t.throws(() => toTemplateValues(sampleAgreement({ careStartsOn: '2026-02-01' }), { creationDate: CREATION_DATE }), /outside the term/)
})

t.test("withdrawal and a partial first month follow the plan's rule; refunds come at settlement", async (t) => {
  const prorated = await extractText(await render())
  t.ok(
    hasText(
      prorated,
      '乙方可随时书面申请退出托管。退出的，自退出之日起停止计费，退出当月按服务日折算：月收费标准 × 该月实际在托的服务日数 ÷ 该月本方案的服务日数，不足一分的部分舍去；乙方已缴费用超过应缴部分的，在学期结算时按实退还',
    ),
  )
  t.ok(hasText(prorated, '起始日期不在当月第一个服务日的，首月按服务日折算'))
  t.notOk(prorated.includes('按本协议第四条、第五条办理'), 'no pointer to articles that say nothing about withdrawal')
  const whole = await extractText(await render(sampleAgreement({ plan: { ...sampleAgreement().plan, partialMonth: 'whole' } })))
  t.ok(hasText(whole, '退出当月按整月收取，不按服务日折算'))
  t.ok(hasText(whole, '首月不足整月的，按整月收取'))
  const none = await extractText(await render(sampleAgreement({ plan: { ...sampleAgreement().plan, partialMonth: null } })))
  t.ok(hasText(none, '退出当月的费用按本协议第五条所列本方案退费办法计算'), "without a rule, the plan's own refund policy (printed in 五) governs")
  t.notOk(none.includes('首月'), 'no first-month rule is invented')
  const termly = await extractText(await render(sampleAgreement({ plan: { ...sampleAgreement().plan, billing: 'term', feeFen: 150000 } })))
  t.ok(hasText(termly, '退出当学期按服务日折算：学期收费标准 × 该学期实际在托的服务日数'))
})

t.test('the term total at the standard, in figures and capitals', async (t) => {
  const monthly = await extractText(await render())
  t.ok(hasText(monthly, '本学期托管费合计 1500.00 元（人民币壹仟伍佰元整；每月 300.00 元 × 5 个月）'), 'September to January: 5 months')
  const fewer = await extractText(await render(sampleAgreement({ plan: { ...sampleAgreement().plan, termMonths: 4 } })))
  t.ok(hasText(fewer, '合计 1200.00 元（人民币壹仟贰佰元整；每月 300.00 元 × 4 个月）'))
  const termly = await extractText(await render(sampleAgreement({ plan: { ...sampleAgreement().plan, billing: 'term', feeFen: 123456 } })))
  t.ok(hasText(termly, '本学期托管费合计 1234.56 元（人民币壹仟贰佰叁拾肆元伍角陆分；按学期一次收取）'))
})

t.test('contacts, plan version and approval, agreement number, both signature blocks, the school as approver', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '协议编号：JW-2025-000123（系统登记号：7b0e6a52-3f0c-4d0f-9a57-1c2d3e4f5a6b）',
    '甲方：洛阳市实验小学三年级（2）班家长委员会（代表人：张丽，家长委员会主任）',
    '方案审核和监督：洛阳市实验小学（学校已于2025年8月20日审核同意本协议所依据的托管方案第 2 版）',
    '《三年级（2）班课后托管服务方案》（第 2 版），学校和甲方与乙方',
    '联系与投诉：甲方联系电话 13700137111；学校联系电话 0379-63211234；学校监督投诉电话 0379-63215678',
    '可向学校投诉',
    '代表人：张丽（家长委员会主任） 姓名：王建国',
    '签章：通过家委系统出具本协议',
    '学校审核：洛阳市实验小学已于2025年8月20日审核同意托管方案《三年级（2）班课后托管服务方案》第 2 版',
  ])
    t.ok(hasText(text, expected), `says ${expected}`)
})

t.test('what the service has not recorded yet is said as such, never printed blank', async (t) => {
  const base = sampleAgreement()
  const text = await extractText(
    await render({
      ...base,
      agreementNo: base.enrollmentId,
      school: { name: base.school.name, phone: null, complaintPhone: null },
      committee: { name: base.committee.name, phone: null, representative: null },
      plan: { ...base.plan, approvedOn: null },
    }),
  )
  t.ok(text.includes(`协议编号：${base.enrollmentId}`))
  t.notOk(text.includes('系统登记号'), 'the id is not printed twice')
  t.ok(text.includes('联系与投诉：请通过家委系统联系甲方，或向学校反映'))
  t.ok(hasText(text, '代表人：____'), "a line for 甲方's representative to sign")
  t.ok(hasText(text, '学校已审核同意本协议所依据的托管方案第 2 版'))
  t.notOk(/undefined|null|NaN|\[object/.test(text))
  // An absent key (not null) is a mistake, and the template refuses it.
  const { phone: _, ...noPhone } = base.committee
  await t.rejects(render({ ...base, committee: noPhone as typeof base.committee }), /committee\.phone is missing \(pass null when there is none\)/)
})
