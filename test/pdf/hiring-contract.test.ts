import { createHash } from 'node:crypto'
import t from 'tap'
import { renderHiringContract, toTemplateValues } from '../../src/pdf/hiring-contract.js'
import { BACKGROUND_CHECK_NO, contractCertificate, HEALTH_CERTIFICATE_NO, sampleContract } from './document-fixtures.js'
import { extractPages, extractText, hasText } from './extract-text.js'

const creationDate = new Date('2026-08-25T02:00:00.000Z')
const render = (data = sampleContract()) => renderHiringContract(data, { creationDate })
const sha256 = (pdf: Buffer) => createHash('sha256').update(pdf).digest('hex')

t.test('the contract names both parties, the role, duties, hours, pay in figures and capitals, and the term', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '托管服务人员聘用协议',
    '协议编号：JW-HT-2026-000012',
    '甲方（聘用方）：洛阳市实验小学三年级（2）班家长委员会，代表人：张丽（家长委员会主任），联系电话：13700137111',
    '乙方（受聘方）：赵敏（退休教师），联系电话：13500135000',
    '乙方岗位：托管看护及作业辅导',
    '清点人数、记录考勤，按规定交接学生',
    '周一至周五 16:30—18:00（每次约 1.5 小时）',
    '服务地点：教学楼三楼 302 教室',
    '本协议期限自2026年9月1日起至2027年1月22日止',
    '计酬方式：按小时计酬，报酬标准为每小时 50.00 元（人民币伍拾元整）',
    '签到、签退记录',
    '于次月 10 日前支付',
    '不能胜任',
    '严禁体罚或变相体罚学生',
    '不得集体补课或讲授新课',
    '不得对托管学生进行有偿补课',
    '只将学生当面交给家长本人或系统中登记的授权接送人',
    '于当日在系统中如实记录经过',
    '测评结果作为续聘、解除本协议的重要依据',
    '经学校德育处王老师于2026年8月20日核验',
    '签名：____',
    '协议生成日期：2026年8月25日',
  ])
    t.ok(hasText(text, expected), `says ${expected}`)
  t.notOk(/undefined|null|NaN|\[object/.test(text))
})

t.test('background check and health certificate numbers are masked, never whole', async (t) => {
  const text = await extractText(await render())
  t.ok(hasText(text, '无犯罪记录证明（编号 ******234号'), 'the tail of the background check number')
  t.ok(hasText(text, '健康证明（编号 ******0077'), 'the tail of the health certificate number')
  t.notOk(text.includes(BACKGROUND_CHECK_NO))
  t.notOk(text.includes(HEALTH_CERTIFICATE_NO))
  t.notOk(text.includes(HEALTH_CERTIFICATE_NO.slice(0, 10)))
})

t.test('per-session and monthly pay say how they are counted', async (t) => {
  const session = await extractText(await render(sampleContract({ pay: { type: 'session', rateFen: 8000, payDay: 5 } })))
  t.ok(session.includes('按次计酬，报酬标准为每次 80.00 元（人民币捌拾元整）'))
  t.ok(session.includes('服务次数以系统值班记录为准'))
  const monthly = await extractText(await render(sampleContract({ pay: { type: 'monthly', rateFen: 185050, payDay: 15 } })))
  t.ok(hasText(monthly, '每月 1850.50 元（人民币壹仟捌佰伍拾元零伍角）'))
  t.ok(monthly.includes('按该月在协议期限内的天数折算'))
})

t.test('signed by the staff member and the chair: two certificate pages, every page counted', async (t) => {
  const unsigned = await render()
  const sha = sha256(unsigned)
  const signed = await renderHiringContract(sampleContract(), {
    creationDate,
    signatures: { chair: contractCertificate('chair', sha), staff: contractCertificate('staff', sha) },
  })
  const pages = await extractPages(signed)
  const bodyPages = (await extractPages(unsigned)).length
  t.equal(pages.length, bodyPages + 2, 'one certificate page per signer')
  for (const [i, page] of pages.entries()) t.ok(page.includes(`第 ${i + 1} 页 / 共 ${pages.length} 页`), `page ${i + 1} of ${pages.length}`)
  const body = pages.slice(0, bodyPages).join('')
  t.ok(body.includes('签名：张丽（电子签署）'))
  t.ok(body.includes('签名：赵敏（电子签署）'))
  t.ok(body.includes('日期：2026年8月28日'), 'the chair signed in Beijing on the 28th')
  t.ok(body.includes('日期：2026年8月27日'))
  t.notOk(body.includes('____'), 'no blank signature left')
  const [chair, staff] = pages.slice(bodyPages)
  t.ok(chair!.startsWith('电子签署证书（1/2：甲方代表）'))
  t.ok(staff!.startsWith('电子签署证书（2/2：乙方）'))
  for (const [page, who, ip] of [
    [chair!, '张丽', '198.51.100.7'],
    [staff!, '赵敏', '203.0.113.88'],
  ] as const) {
    t.ok(page.includes(who) && page.includes(ip), `${who}'s evidence`)
    t.ok(page.includes(sha), 'the hash of the unsigned contract')
    t.ok(page.includes('聘用协议编号'), 'names the contract, not an enrollment')
    t.ok(page.includes(`协议正文共 ${bodyPages} 页`))
    t.ok(page.includes('除签名栏填入甲方代表和乙方双方的签署信息外'))
  }
})

t.test('one signature so far: its line filled, the other still blank, one certificate page', async (t) => {
  const sha = sha256(await render())
  const pages = await extractPages(await renderHiringContract(sampleContract(), { creationDate, signatures: { staff: contractCertificate('staff', sha) } }))
  const text = pages.join('')
  t.ok(text.includes('签名：赵敏（电子签署）'))
  t.ok(text.includes('签名：____'))
  t.ok(pages.at(-1)!.startsWith('电子签署证书'))
  t.notOk(text.includes('1/2'), 'a single certificate is not numbered')
})

t.test('refused: certificates of another contract, another signer, or another file; bad terms', async (t) => {
  const sha = 'ab'.repeat(32)
  const sign = (signatures: Parameters<typeof renderHiringContract>[1]['signatures']) => renderHiringContract(sampleContract(), { creationDate, signatures })
  await t.rejects(sign({ staff: { ...contractCertificate('staff', sha), contractId: 'other' } }), /not for contract/)
  await t.rejects(sign({ staff: { ...contractCertificate('staff', sha), signerName: '张丽' } }), /signed by 张丽, not 赵敏/)
  await t.rejects(sign({ chair: contractCertificate('chair', sha), staff: contractCertificate('staff', 'cd'.repeat(32)) }), /same unsigned file/)
  const values = (over: Parameters<typeof sampleContract>[0]) => () => toTemplateValues(sampleContract(over), { creationDate })
  t.throws(values({ endsOn: '2026-08-01' }), /ends .* before it starts/)
  t.throws(values({ pay: { type: 'hourly', rateFen: 0, payDay: 10 } }), /rate above 0/)
  t.throws(values({ pay: { type: 'hourly', rateFen: 5000, payDay: 31 } }), /payDay/)
  t.throws(values({ duties: [' '] }), /lists the duties/)
  t.throws(values({ backgroundCheck: { certificateNo: '', issuedOn: '2026-08-10', verifiedBy: 'x', verifiedOn: '2026-08-20' } }), /certificateNo is blank/)
})
