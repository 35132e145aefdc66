import t from 'tap'
import { renderReceipt, toTemplateValues } from '../../src/pdf/receipt.js'
import { ISSUED_AT, sampleReceipt } from './document-fixtures.js'
import { extractText } from './extract-text.js'

const render = (data = sampleReceipt()) => renderReceipt(data, { creationDate: ISSUED_AT })

t.test('a receipt shows its number, payer, student, amount in figures and capitals, channel and months', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '收据编号：2026-000123',
    '收款日期：2026年9月3日',
    '交款人：王建国（学生父亲）',
    '托管学生：王小明（三年级（2）班）',
    '洛阳市实验小学三年级（2）班家长委员会',
    '收款事由：2026年9月、10月托管费',
    '2026年9月 300.00',
    '2026年10月 300.00', // one line per month it paid
    '金额（大写）：人民币陆佰元整',
    '金额（小写）：¥600.00',
    '收款方式：微信，交易单号：4200002391202609031234567890',
    '收款人：张丽（家长委员会财务）',
    '开具日期：2026年9月3日',
  ])
    t.ok(text.includes(expected), `shows ${expected}`)
  t.notOk(text.includes('作废'), 'a valid receipt is not marked void')
  t.notOk(/undefined|null|NaN|\[object/.test(text))
})

t.test("an odd amount is exact to the fen in both forms; an excess is the family's credit", async (t) => {
  const text = await extractText(
    await render(
      sampleReceipt({
        amountFen: 100530,
        creditFen: 40530,
        allocations: [
          { period: '2026-09', amountFen: 30000 },
          { period: '2026-10', amountFen: 30000 },
        ],
      }),
    ),
  )
  t.ok(text.includes('人民币壹仟零伍元叁角'))
  t.ok(text.includes('¥1005.30'))
  t.ok(text.includes('预交（计入家庭余额）'))
  t.ok(text.includes('本次收款中 405.30 元超出目前已出账的托管费'))
  t.ok(text.includes('收款事由：2026年9月、10月托管费、预交后续托管费'))
})

t.test('a termly plan, cash with no transaction number, collected by school finance', async (t) => {
  const text = await extractText(
    await render(
      sampleReceipt({
        amountFen: 150000,
        allocations: [{ period: 'term', amountFen: 150000 }],
        channel: 'cash',
        transactionNo: ' ',
        receivedBy: { kind: 'school-finance', name: '刘芳' },
        paidAt: '2026-09-01',
      }),
    ),
  )
  t.ok(text.includes('收款事由：2026—2027学年第一学期托管费'))
  t.ok(text.includes('收款方式：现金'))
  t.notOk(text.includes('交易单号'), 'no empty transaction number')
  t.ok(text.includes('收款单位：洛阳市实验小学财务室（代三年级（2）班家长委员会收取）'))
  t.ok(text.includes('收款人：刘芳（学校财务）'))
  t.ok(text.includes('人民币壹仟伍佰元整'))
})

t.test("a reversed payment's receipt is void: stamped, with the reason and date, same number", async (t) => {
  const text = await extractText(await render(sampleReceipt({ reversal: { reason: '重复登记同一笔微信付款', reversedOn: '2026-09-04' } })))
  t.ok(text.includes('本收据已作废'))
  t.ok(text.includes('已于2026年9月4日冲正'))
  t.ok(text.includes('作废原因：重复登记同一笔微信付款'))
  t.ok(text.includes('收据编号 2026-000123 不再使用'))
  t.ok(text.includes('收据编号：2026-000123'))
  const stamp = text.replace(/\s/g, '')
  t.ok(stamp.includes('废作') || stamp.includes('作废'), 'the stamp is on the page')
})

t.test('refused: amounts that do not add up, fractional or negative fen, a zero payment, a blank number', async (t) => {
  const values = (over: Parameters<typeof sampleReceipt>[0]) => () => toTemplateValues(sampleReceipt(over), { creationDate: ISSUED_AT })
  t.throws(values({ amountFen: 60001 }), /do not add up/)
  t.throws(values({ amountFen: 600.5 }), /not an integer amount of fen/)
  t.throws(values({ creditFen: -1, amountFen: 59999 }), /must not be negative/)
  t.throws(values({ amountFen: 0, allocations: [] }), /more than 0/)
  t.throws(values({ receiptNo: '  ' }), /receiptNo is blank/)
  t.throws(values({ paidAt: '2026-13-01' }), /not a/)
  t.throws(values({ allocations: [{ period: '2026-9', amountFen: 60000 }] }), /not a month/)
})
