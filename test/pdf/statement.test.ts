import t from 'tap'
import { renderStatement, type StatementData, type StatementFund, toTemplateValues } from '../../src/pdf/statement.js'
import { HASH_A, HASH_B, ISSUED_AT, sampleStatement } from './document-fixtures.js'
import { extractText } from './extract-text.js'

const render = (data = sampleStatement()) => renderStatement(data, { creationDate: ISSUED_AT })
const fund = (over: Partial<StatementFund> = {}): StatementFund => ({ ...sampleStatement().funds[0]!, ...over })

t.test("a statement shows each fund's cash, the month's charges, the itemised expenses and the late items", async (t) => {
  const text = await extractText(await render())
  for (const expected of [
    '课后托管服务收支公示（2026年10月）',
    '洛阳市实验小学三年级（2）班家长委员会',
    '2026年10月1日至2026年10月31日',
    '公示日期：2026年11月2日',
    '一、三年级（2）班课后托管服务方案（2026—2027学年第一学期）',
    '期初结余 4120.00',
    '收入：托管费 38 11100.00',
    '收入：财政补贴 840.00',
    '退费 1 33.60',
    '期末结余 5939.90',
    '期初 4120.00 + 托管费 11100.00 + 补贴 840.00 - 支出 10386.50 - 退费 33.60 + 补记 300.00 = 期末 5939.90',
    '本月应收托管费 40 12000.00',
    '减免（依规免收） 2 600.00',
    '请假退费（计入家庭余额） 3 100.80',
    '本月在托家庭 40',
    '10月8日 人员劳务费 托管服务人员 6600.00 1',
    '10月15日 活动材料费 洛阳市西工区新华文具店 486.50 2',
    '合计 10386.50 4',
    '只列其岗位，不公示姓名',
    '2026年9月29日 补记托管费收款 +300.00',
  ])
    t.ok(text.includes(expected), `shows ${expected}`)
})

t.test('the chain link and how to re-check it', async (t) => {
  const text = (await extractText(await render())).replace(/\s+/g, '')
  t.ok(text.includes(`本期摘要（SHA-256）：${HASH_A}`))
  t.ok(text.includes(`上期摘要：${HASH_B}`))
  t.ok(text.includes('https://jiawei.example.cn/p/sy-3-2/statements/2026-10.json'))
  t.ok(text.includes('RFC8785'))
  t.ok(text.includes('在规范JSON文本前面接上上期摘要'))
  t.ok(text.includes('计算SHA-256'))
  t.ok(text.includes('https://jiawei.example.cn/p/sy-3-2/statements/verify'))
  const first = (await extractText(await render(sampleStatement({ previousHash: '' })))).replace(/\s+/g, '')
  t.ok(first.includes('上期摘要：无（本期为首期公示，计算时上期摘要取空字符串）'))
})

t.test("no child's or guardian's name, phone or low-income status appears, whatever the data carries", async (t) => {
  // What a careless caller might pass along: the staff member paid is a parent of the class, and
  // rows carry the family records they came from. Only the declared fields are ever read.
  const planted = {
    name: '王建国',
    phone: '13800138000',
    studentName: '王小明',
    guardian: { name: '李秀英', phone: '13900139000' },
    lowIncome: { certificateNo: '410302201500123456' },
  }
  const person = { kind: 'person', role: '托管服务人员', ...planted } as const
  const data = sampleStatement({
    funds: [
      fund({
        expenses: [{ spentOn: '2026-10-08', category: '人员劳务费', payee: person, amountFen: 660000, receipts: 1 }],
        adjustments: [{ originalDate: '2026-09-29', kind: 'expense', category: '人员劳务费', payee: person, amountFen: -1000, ...planted }],
        closingFen: 412000 + 1110000 + 84000 - 660000 - 3360 - 1000,
        ...planted,
      } as unknown as Partial<StatementFund>),
    ],
    ...planted,
  } as Partial<StatementData>)
  const text = await extractText(await render(data))
  for (const secret of ['王建国', '王小明', '李秀英', '13800138000', '13900139000', '410302201500123456', '建档立卡', '低收入']) {
    t.notOk(text.includes(secret), `${secret} is not printed`)
  }
  t.ok(text.includes('补记支出：人员劳务费（托管服务人员） -10.00'), 'the late expense by role')
})

t.test('several funds are numbered; a month with no expenses says so', async (t) => {
  const second = fund({
    plan: { title: '四年级课后托管服务方案' },
    expenses: [],
    adjustments: [],
    openingFen: 0,
    fees: { families: 0, amountFen: 0 },
    subsidyFen: 0,
    refunds: { families: 0, amountFen: 0 },
    closingFen: 0,
  })
  const text = await extractText(await render(sampleStatement({ funds: [fund(), second] })))
  t.ok(text.includes('二、四年级课后托管服务方案'))
  t.ok(text.includes('本月无支出'))
})

t.test('refused: figures that do not add up, an expense outside the month, an adjustment not from before it, a bad hash', async (t) => {
  const values = (over: Partial<StatementData>) => () => toTemplateValues(sampleStatement(over))
  t.throws(values({ funds: [fund({ closingFen: 593991 })] }), /closing cash 593991 fen ≠ 593990 fen/)
  t.throws(values({ funds: [fund({ expenses: [{ ...fund().expenses[0]!, spentOn: '2026-09-30' }] })] }), /not in 2026-10: book it as an adjustment/)
  t.throws(values({ funds: [fund({ adjustments: [{ originalDate: '2026-10-02', kind: 'fee', amountFen: 30000 }] })] }), /not from an earlier month/)
  t.throws(values({ hash: 'abc' }), /hash must be 64 hex/)
  t.throws(values({ previousHash: 'abc' }), /previousHash/)
  t.throws(values({ jsonUrl: 'not a url' }), /jsonUrl/)
  t.same(values({ funds: [] })().funds, [], 'a month with no fund is drawn as one with no money (the template says so)')
  t.throws(values({ funds: [fund({ fees: { families: 1.5, amountFen: 1110000 } })] }), /whole number/)
})
