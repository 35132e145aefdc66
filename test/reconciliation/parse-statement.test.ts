import ExcelJS from 'exceljs'
import t from 'tap'
import { parseStatement, type StatementRow } from '../../src/modules/reconciliation/index.js'
import { ALIPAY_TXS, alipayCsv, BANK_TXS, GENERIC_MAPPING, GENERIC_TXS, genericCsv, icbcCsv, WECHAT_TXS, wechatCsv, wechatXlsx } from './fixtures.js'

const rowAt = (rows: StatementRow[], line: number) => rows.find((r) => r.line === line)!

t.test('WeChat XLSX of 2026: four notes, amounts as numbers', async (t) => {
  const f = await wechatXlsx(WECHAT_TXS)
  const parsed = await parseStatement(f.bytes)
  t.equal(parsed.format, 'wechat-xlsx')
  t.equal(parsed.channel, 'wechat')
  t.equal(parsed.rows.length, WECHAT_TXS.length)
  t.equal(f.lineOf['memo-name'], 19, 'the header is on row 18 in the 2026 layout')
  t.same(
    rowAt(parsed.rows, f.lineOf['memo-name']!),
    {
      line: 19,
      occurredAt: '2025-09-01T19:20:11+08:00',
      direction: 'in',
      status: 'success',
      statusText: '已收钱',
      amountFen: 30000,
      counterparty: '刘爸',
      memo: '转账备注:三(2)班刘小明托管费',
      method: '零钱',
      transactionNo: '10001000200209010000000001',
      channel: 'wechat',
    },
    'ids lose their tab, "/" becomes nothing',
  )
  const shop = rowAt(parsed.rows, f.lineOf['outgoing-shop']!)
  t.equal(shop.merchantNo, '129847129')
  t.equal(rowAt(parsed.rows, f.lineOf['outgoing-personal']!).amountFen, 350000)
  t.equal(rowAt(parsed.rows, f.lineOf.neutral!).direction, 'neutral')
  t.equal(rowAt(parsed.rows, f.lineOf.neutral!).memo, '服务费¥0.10')
  t.ok(
    parsed.rows.every((r) => Number.isSafeInteger(r.amountFen)),
    'fen are integers',
  )
})

t.test('WeChat XLSX of 2025: three notes, "¥300.00" text, times re-saved as date cells', async (t) => {
  const f = await wechatXlsx(WECHAT_TXS, { noteLines: 3, amountAs: 'text', timeAs: 'date' })
  const parsed = await parseStatement(f.bytes)
  t.equal(f.lineOf['memo-name'], 18, 'one line earlier than 2026: found by text, not by number')
  const row = rowAt(parsed.rows, 18)
  t.equal(row.occurredAt, '2025-09-01T19:20:11+08:00', 'a date cell is read as the China wall clock it shows')
  t.equal(row.amountFen, 30000)
  t.equal(rowAt(parsed.rows, f.lineOf['substring-name']!).amountFen, 27550)
})

t.test('WeChat CSV (before 2025), UTF-8 with BOM', async (t) => {
  const f = wechatCsv(WECHAT_TXS)
  const parsed = await parseStatement(f.bytes)
  t.equal(parsed.format, 'wechat-csv')
  t.equal(rowAt(parsed.rows, f.lineOf['outgoing-personal']!).amountFen, 350000, '"¥3,500.00" quoted')
  t.equal(rowAt(parsed.rows, f.lineOf['memo-name']!).transactionNo, '10001000200209010000000001')
})

t.test('Alipay GBK CSV: banner, padded cells, trailing commas, a quoted comma', async (t) => {
  for (const hints of [9, 8] as const) {
    const f = alipayCsv(ALIPAY_TXS, { hints })
    const parsed = await parseStatement(f.bytes)
    t.equal(parsed.format, 'alipay-csv')
    t.equal(parsed.rows.length, ALIPAY_TXS.length, `${hints} hint lines`)
    const row = rowAt(parsed.rows, f.lineOf['quoted-comma']!)
    t.equal(row.memo, '九月托管费,刘小红')
    t.equal(row.counterparty, '陈芳')
    t.equal(row.counterpartyAccount, '139****0000')
    t.equal(row.occurredAt, '2025-09-02T08:30:00+08:00', 'a time without seconds')
    t.equal(row.transactionNo, '2025090122001400000000000003')
    t.equal(rowAt(parsed.rows, f.lineOf.closed!).status, 'closed')
    t.equal(rowAt(parsed.rows, f.lineOf.pending!).status, 'other')
    t.equal(rowAt(parsed.rows, f.lineOf.outgoing!).merchantNo, 'T200P1234567')
    t.notOk('counterpartyAccount' in rowAt(parsed.rows, f.lineOf.outgoing!), '"/" account is none')
  }
})

t.test('ICBC CSV: 记账金额 columns, "-" for none, footer', async (t) => {
  const f = icbcCsv(BANK_TXS)
  const parsed = await parseStatement(f.bytes)
  t.equal(parsed.format, 'icbc-csv')
  t.equal(parsed.channel, 'bank')
  t.equal(parsed.rows.length, BANK_TXS.length, 'the 人民币合计 footer is not a row')
  const row = rowAt(parsed.rows, f.lineOf['guardian-and-amount']!)
  t.match(row, {
    occurredAt: '2025-09-01T00:00:00+08:00',
    direction: 'in',
    amountFen: 27550,
    counterparty: '李娜',
    counterpartyAccount: '6217****1234',
    memo: '托管费 他行汇入',
    status: 'success',
  })
  t.match(row.transactionNo, /^derived:[0-9a-f]{32}$/)
  t.equal(rowAt(parsed.rows, f.lineOf.outgoing!).amountFen, 123456)
  t.equal(rowAt(parsed.rows, f.lineOf.duplicate!).transactionNo, rowAt(parsed.rows, f.lineOf['guardian-and-memo']!).transactionNo, 'an identical row has the same key')
  const again = await parseStatement(icbcCsv(BANK_TXS).bytes)
  t.same(
    again.rows.map((r) => r.transactionNo),
    parsed.rows.map((r) => r.transactionNo),
    'keys are stable across exports',
  )
})

t.test('a generic bank CSV through the saved mapping', async (t) => {
  const f = genericCsv(GENERIC_TXS)
  const parsed = await parseStatement(f.bytes, { mapping: GENERIC_MAPPING })
  t.equal(parsed.format, 'generic-csv')
  t.match(rowAt(parsed.rows, f.lineOf['guardian-and-memo']!), {
    occurredAt: '2025-09-05T10:21:33+08:00',
    amountFen: 12000,
    counterpartyAccount: '6230****7777',
    memo: '转账存入 陈思思托管费',
    transactionNo: 'SX202509050001',
    status: 'success',
  })
  t.match(rowAt(parsed.rows, f.lineOf.outgoing!), { direction: 'out', amountFen: 200000 })
  await t.rejects(parseStatement(f.bytes), { code: 'unknown-format' }, 'without the mapping it is no known layout')
  const signed = await parseStatement(new TextEncoder().encode('日期,金额,户名,用途\n2025-09-01,-12.5,甲,x\n2025-09-02,+300,乙,刘小明\n'), {
    mapping: { date: '日期', amount: '金额', counterparty: '户名', memo: '用途' },
  })
  t.same(
    signed.rows.map((r) => [r.direction, r.amountFen]),
    [
      ['out', 1250],
      ['in', 30000],
    ],
    'one signed amount column',
  )
})

t.test('number cells mean the fen they are nearest to; a third decimal is refused', async (t) => {
  const f = await wechatXlsx(WECHAT_TXS)
  const rewrite = async (value: number) => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(Buffer.from(f.bytes) as unknown as ArrayBuffer)
    workbook.worksheets[0]!.getRow(f.lineOf['memo-name']!).getCell(6).value = value
    return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer)
  }
  const parsed = await parseStatement(await rewrite(0.1 + 0.2))
  t.equal(rowAt(parsed.rows, f.lineOf['memo-name']!).amountFen, 30, '0.30000000000000004 is 30 fen')
  await t.rejects(parseStatement(await rewrite(28.165)), { code: 'bad-amount', line: f.lineOf['memo-name'] })
})

t.test('a footer word inside a data row does not end the table', async (t) => {
  const csv = '摘要,日期,金额,对方\n合计利息,2025-09-01,1.00,银行\n托管费,2025-09-02,300.00,刘建国\n合计,,301.00,\n托管费,2025-09-03,9.00,x\n'
  const parsed = await parseStatement(new TextEncoder().encode(csv), { mapping: { date: '日期', amount: '金额', counterparty: '对方', memo: '摘要' } })
  t.same(
    parsed.rows.map((r) => r.line),
    [2, 3],
    'the 合计 row without a date is the footer; what follows it is not read',
  )
})
