import { createHash } from 'node:crypto'
import t from 'tap'
import { renderCareAgreement, toTemplateValues } from '../../src/pdf/care-agreement.js'
import { extractPages, extractText } from './extract-text.js'
import { CREATION_DATE, LOW_INCOME_CERTIFICATE_NO, sampleAgreement, sampleCertificate } from './fixtures.js'

const render = (data = sampleAgreement()) => renderCareAgreement(data, { creationDate: CREATION_DATE })

t.test('the agreement names the parties, the student, the plan, the fee and the schedule', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '洛阳市实验小学三年级（2）班家长委员会', // 甲方 with its school
    '乙方：王建国（学生父亲），联系电话：13800138000',
    '姓名：王小明', '班级：三年级（2）班', '学号：20230215',
    '三年级（2）班课后托管服务方案',
    '周一至周五 16:30—18:00',
    '每月 300.00 元，按月收取',
    '2025年9月1日至2026年1月16日',
    '服务地点：教学楼三楼 302 教室',
  ]) t.ok(text.includes(expected), `shows ${expected}`)
})

t.test('the agreement carries the clauses the policy requires', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '自愿为学生申请参加本托管服务', '不得强迫或变相强迫', // voluntary
    '一事一收、一事一结', '结余部分按乙方实缴金额按实退还', // settlement and refund
    '本方案退费办法：学生因病、因事请假经批准的，按每个服务日 3.36 元', // the plan's own rule
    '背景调查', '考勤', // safety
    '李秀英（母亲），联系电话：13900139000', '王德福（祖父）', // authorised pickup persons
    '未经乙方书面同意，学生不得在托管结束后自行回家',
    '对花生过敏', // special needs
    '个人信息', // privacy
    '协议生成日期：2025年8月25日',
    '乙方（签名）：____', // blank line to sign
  ]) t.ok(text.includes(expected), `says ${expected}`)
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
  t.notOk(waived.includes('每月 300.00 元，按月收取'), 'no billing line for a waived family')
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
  const text = await extractText(await render(sampleAgreement({
    student: { ...base.student, studentNo: null },
    plan: { ...base.plan, schedule: { ...base.plan.schedule, place: '  ' } },
    specialNeeds: null,
  })))
  t.notOk(text.includes('学号'))
  t.notOk(text.includes('服务地点'))
  t.ok(text.includes('乙方告知学生没有需要特别关注的健康状况或特殊需要'))
})

t.test('free text typed by a parent keeps its lines and loses control characters', async (t) => {
  const pages = await extractPages(await render(sampleAgreement({ specialNeeds: '对花生过敏。\r\n哮喘，随身带药。\u0007' })))
  const text = pages.join('')
  t.ok(text.includes('对花生过敏。哮喘，随身带药。'))
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
  t.ok(body.includes('乙方（签名）：王建国'), 'typed name in the signature block')
  t.ok(body.includes('签署日期：2025年8月31日'), 'signing date in Beijing time')
  t.notOk(body.includes('____'), 'no blank signature line left')
  // Issue 14 item 18: a 4-page signed PDF said 共 3 页 on its pages.
  pages.forEach((page, i) => t.ok(page.includes(`第 ${i + 1} 页 / 共 ${pages.length} 页`), `page ${i + 1} counts the certificate page`))
  t.ok(pages.at(-1)!.includes('（附页：电子签署证书）'), 'the certificate page says what it is')

  const certificate = pages.at(-1) ?? ''
  t.ok(certificate.startsWith('电子签署证书'))
  t.ok(certificate.includes(`协议正文共 ${unsignedPages.length} 页`), 'the certificate names how many pages it covers')
  for (const expected of [sha, '王建国', '203.0.113.45', 'MicroMessenger/8.0.50', '7b0e6a52-3f0c-4d0f-9a57-1c2d3e4f5a6b',
    '2025年8月31日 20:15:03（北京时间）', '签署前阅读并同意的协议文件', 'sha256sum', 'certutil -hashfile']) {
    t.ok(certificate.includes(expected), `certificate shows ${expected}`)
  }
})

t.test('a certificate without a real SHA-256 is refused', async (t) => {
  await t.rejects(
    renderCareAgreement(sampleAgreement(), { creationDate: CREATION_DATE, certificate: sampleCertificate('abc') }),
    /64 hex digits/,
  )
})
