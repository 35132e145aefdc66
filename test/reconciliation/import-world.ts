// The world of the import tests: four families billed for September 2026, and the exports of
// their September in WeChat's layout.

import { multipart } from '../helpers/multipart.js'
import { expectStatus, type MoneyWorld, moneyWorld } from '../money/world.js'
import type { FixtureTx } from './fixtures.js'

export const STUDENTS = ['刘小明', '王小红', '张伟', '陈思思']
export const wx = (n: number) => `42000026${String(n).padStart(20, '0')}`
export const tx = (tx: Partial<FixtureTx> & Pick<FixtureTx, 'tag' | 'time' | 'counterparty' | 'goods' | 'amount' | 'txNo'>): FixtureTx => ({
  direction: '收入',
  kind: '转账',
  method: '零钱',
  status: '已收钱',
  ...tx,
})

export const SEPTEMBER: FixtureTx[] = [
  tx({ tag: 'memo', time: '2026-09-02 19:20:11', counterparty: '刘爸', goods: '转账备注:三年级（2）班刘小明托管费', amount: '300.00', txNo: wx(1) }),
  tx({ tag: 'nickname', time: '2026-09-02 20:01:00', kind: '群收款', counterparty: '小红妈妈', goods: '九月托管费', amount: '300.00', status: '已存入零钱', txNo: wx(2) }),
  tx({ tag: 'guardian', time: '2026-09-03 07:45:30', counterparty: '张伟家长', goods: '转账备注:九月', amount: '300.00', txNo: wx(3) }),
  tx({ tag: 'amount-only', time: '2026-09-03 12:13:14', counterparty: '晴天', goods: '转账备注:托管费', amount: '300.00', txNo: wx(4) }),
  tx({ tag: 'duplicate', time: '2026-09-02 19:20:11', counterparty: '刘爸', goods: '转账备注:三年级（2）班刘小明托管费', amount: '300.00', txNo: wx(1) }),
  tx({ tag: 'unmatched', time: '2026-09-04 10:00:00', counterparty: '路人甲', goods: '转账备注:谢谢', amount: '88.00', txNo: wx(5) }),
  tx({ tag: 'refunded', time: '2026-09-04 11:00:00', kind: '群收款', counterparty: '王强', goods: '九月托管费', amount: '300.00', status: '已全额退款', txNo: wx(6) }),
  tx({
    tag: 'outgoing',
    time: '2026-09-04 15:00:00',
    direction: '支出',
    kind: '商户消费',
    counterparty: '晨光文具店',
    goods: '美术用品一批',
    amount: '58.00',
    method: '中国银行(1234)',
    status: '支付成功',
    txNo: wx(7),
  }),
]

export async function world(t: Parameters<typeof moneyWorld>[0]) {
  const m = await moneyWorld(t, { students: STUDENTS })
  await m.at('2026-09-01')
  await expectStatus(201, m.ta.as(m.w.tokens.treasurer).post(`/api/v1/plans/${m.planId}/billing-runs`, { period: '2026-09' }))
  await m.at('2026-09-06')
  const id = Object.fromEntries(m.families.map((f) => [f.name, f.enrollmentId])) as Record<string, string>
  return { m, id }
}

export const upload = (m: MoneyWorld, bytes: Uint8Array, name = 'export.xlsx', token = m.w.tokens.treasurer) => {
  const mp = multipart(null, [{ name, type: 'application/octet-stream', bytes }], 'file')
  return m.ta.as(token).post(`/api/v1/committees/${m.w.committeeId}/imports`, mp.payload, { headers: mp.headers })
}
export const confirm = (m: MoneyWorld, importId: string, body: object = {}, token = m.w.tokens.treasurer) => m.ta.as(token).post(`/api/v1/imports/${importId}/confirm`, body)
export type Row = {
  line: number
  status: string
  proposed: { enrollmentId: string } | null
  candidates: { enrollmentId: string }[]
  duplicateOf: number | null
  [k: string]: unknown
}
export const rowAt = (view: { rows: Row[] }, line: number) => view.rows.find((r) => r.line === line)!
export const count = async (m: MoneyWorld, table: 'payments' | 'statement_imports' | 'statement_import_rows' | 'statement_import_decisions') =>
  (
    await m.ta.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n
