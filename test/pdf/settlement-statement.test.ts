import t from 'tap'
import { renderSettlementStatement, type SettlementStatementData, toTemplateValues } from '../../src/pdf/settlement-statement.js'
import { HASH_A, HASH_B, sampleSettlement } from './document-fixtures.js'
import { extractText } from './extract-text.js'

const creationDate = new Date('2027-01-22T09:00:00.000Z')
const render = (data = sampleSettlement()) => renderSettlementStatement(data, { creationDate })
const totals = sampleSettlement().totals

t.test("the settlement shows the fund's totals, the surplus, what is carried over and why, and the refunds", async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '课后托管服务学期结算公示',
    '2026—2027学年第一学期',
    '结算日期：2027年1月22日',
    '本学期在托家庭 40 户',
    '应收托管费（按学校核准的收费标准） 60000.00',
    '减：减免（依规免收） 3000.00',
    '减：请假退费 504.00',
    '托管费净收入 56496.00',
    '加：财政补贴 4200.00',
    '减：已核准支出 54500.00',
    '本学期结余 6196.00',
    '减：结转（不予退还） 1200.00',
    '可退结余 4996.00',
    '结转原因：按学校规定，财政补贴结余留用于下学期本托管项目',
    '本学期实收托管费 56496.00 元，来自 38 户家庭',
    '人员劳务费 50000.00 49500.00 99.0%',
    '活动材料费 6000.00 5000.00 83.3%',
    '合计 56000.00 54500.00',
    '本学期退还 38 户家庭，合计 5119.00 元，其中结余分摊 4996.00 元、家庭余额退还 123.00 元',
    '最大余额法',
  ])
    t.ok(text.includes(expected), `shows ${expected}`)
  const flat = text.replace(/\s+/g, '')
  t.ok(flat.includes(HASH_B) && flat.includes(HASH_A), 'its hash and the previous one')
  t.notOk(text.includes('减：核销欠费'), 'no write-off line when nothing was written off')
})

t.test('a deficit shares nothing, returns held credit and says how it is covered', async (t) => {
  const text = await extractText(
    await render(
      sampleSettlement({
        totals: { ...totals, expensesFen: 6200000 },
        budget: [
          { category: '人员劳务费', budgetFen: 5000000, spentFen: 5700000 },
          { category: '活动材料费', budgetFen: 600000, spentFen: 500000 },
        ],
        carryOver: null,
        refunds: { families: 3, sharedFen: 0, heldCreditFen: 12300 },
        deficit: { coveredBy: '由学校从课后服务专项经费中补足（经学校审核同意）' },
      }),
    ),
  )
  t.ok(text.includes('本学期超支 1304.00'), 'the deficit: 56,496 + 4,200 − 62,000')
  t.ok(text.includes('不进行结余分摊'))
  t.match(text, /3 户，合计\s?123\.00 元/)
  t.ok(text.includes('超支弥补方式：由学校从课后服务专项经费中补足'))
  t.ok(text.includes('114.0%'), 'an overspent line shows over 100 %')
  t.notOk(text.includes('可退结余'))
})

t.test('written-off arrears reduce the fee income', async (t) => {
  const text = await extractText(await render(sampleSettlement({ totals: { ...totals, writeOffsFen: 30000 }, refunds: { families: 38, sharedFen: 469600, heldCreditFen: 12300 } })))
  t.ok(text.includes('减：核销欠费 300.00'))
  t.ok(text.includes('托管费净收入 56196.00'))
})

t.test('no names or phones appear, whatever the data carries', async (t) => {
  const planted = { guardianName: '王建国', phone: '13800138000', student: { name: '王小明' }, families: [{ name: '李秀英', phone: '13900139000', refundFen: 123 }] }
  const text = await extractText(await render({ ...sampleSettlement(), ...planted } as SettlementStatementData))
  for (const secret of ['王建国', '王小明', '李秀英', '13800138000', '13900139000']) t.notOk(text.includes(secret), `${secret} is not printed`)
})

t.test('refused: figures that do not add up', async (t) => {
  const values = (over: Partial<SettlementStatementData>) => () => toTemplateValues(sampleSettlement(over))
  t.throws(values({ refunds: { families: 38, sharedFen: 499601, heldCreditFen: 0 } }), /refundable surplus is 499600 fen/)
  t.throws(values({ carryOver: { amountFen: 500000, reason: '多留' } }), /at most the surplus and at most the subsidy/)
  t.throws(values({ deficit: { coveredBy: 'x' } }), /no deficit/)
  t.throws(values({ totals: { ...totals, expensesFen: 6200000 } }), /say how the deficit is covered/)
  t.throws(values({ budget: [{ category: '人员劳务费', budgetFen: 5000000, spentFen: 1 }] }), /budget lines spent 1 fen/)
  t.throws(values({ carryOver: { amountFen: 1, reason: ' ' }, refunds: { families: 38, sharedFen: 619599, heldCreditFen: 0 } }), /reason is blank/)
})
