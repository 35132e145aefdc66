import t from 'tap'
import { renderRefundReceipt, toTemplateValues } from '../../src/pdf/refund-receipt.js'
import { sampleRefund } from './document-fixtures.js'
import { extractText } from './extract-text.js'

const creationDate = new Date('2027-01-15T06:00:00.000Z')
const render = (data = sampleRefund()) => renderRefundReceipt(data, { creationDate })

t.test('a refund receipt shows who gets what, in figures and capitals, and how it was computed', async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '退费编号：TF-2027-000042',
    '退费日期：2027年1月15日',
    '收款人（家长）：王建国（学生父亲）',
    '王小明（三年级（2）班）',
    '2026—2027学年第一学期',
    '金额（小写）：¥93.85',
    '人民币玖拾叁元捌角伍分',
    '退费金额 = 结余分摊 83.77 元 + 本户余额退还 10.08 元 = 93.85 元',
    '可退结余 2345.67 元',
    '本户实缴 1500.00 元',
    '42000.00 元',
    '最大余额法',
    '全额退还',
    '退费方式：银行转账，交易单号：B20270115000123',
    '开具日期：2027年1月15日',
  ])
    t.ok(text.includes(expected), `shows ${expected}`)
})

t.test('in a deficit only the held credit comes back, and the receipt says there was no surplus', async (t) => {
  const text = await extractText(
    await render(sampleRefund({ shareFen: 0, heldCreditFen: 1008, basis: { paidFen: 150000, totalPaidFen: 4200000, refundableFen: 0 }, channel: 'cash', transactionNo: null })),
  )
  t.ok(text.includes('退费金额 = 结余分摊 0.00 元 + 本户余额退还 10.08 元 = 10.08 元'))
  t.ok(text.includes('本学期托管费无可退结余'))
  t.ok(text.includes('人民币壹拾元零捌分'))
  t.ok(text.includes('退费方式：现金'))
  t.notOk(text.includes('交易单号'))
})

t.test('a share alone, without held credit, has no credit sentence', async (t) => {
  const text = await extractText(await render(sampleRefund({ heldCreditFen: 0 })))
  t.ok(text.includes('= 83.77 元'))
  t.notOk(text.includes('属本户所有'))
})

t.test('refused: a share that is not the proportional one, a zero refund, a share without surplus', async (t) => {
  const values = (over: Parameters<typeof sampleRefund>[0]) => () => toTemplateValues(sampleRefund(over), { creationDate })
  t.throws(values({ shareFen: 8379 }), /not the proportional share/)
  t.throws(values({ shareFen: 0, heldCreditFen: 0, basis: { paidFen: 1, totalPaidFen: 2, refundableFen: 0 } }), /more than 0/)
  t.throws(values({ basis: { paidFen: 150000, totalPaidFen: 4200000, refundableFen: 0 } }), /needs a surplus/)
  t.throws(values({ basis: { paidFen: 5000000, totalPaidFen: 4200000, refundableFen: 234567 } }), /more than all families/)
  t.throws(values({ heldCreditFen: 10.5 }), /integer amount/)
})
