import ExcelJS from 'exceljs'
import t, { type Test } from 'tap'
import { ImportFileError, parseStatement } from '../../src/modules/reconciliation/index.js'
import { ALIPAY_TXS, alipayCsv, BANK_TXS, encodeGbk, type FixtureTx, GENERIC_MAPPING, GENERIC_TXS, genericCsv, icbcCsv, WECHAT_TXS, wechatCsv, wechatXlsx } from './fixtures.js'

const decode = (bytes: Uint8Array, enc = 'utf-8') => new TextDecoder(enc).decode(bytes)
const utf8 = (s: string) => new TextEncoder().encode(s)

async function refusal(t: Test, bytes: Uint8Array, expected: { code: string; line?: number | 'any' }, options = {}): Promise<ImportFileError> {
  const err = await parseStatement(bytes, options).then(
    () => null,
    (e: unknown) => e,
  )
  t.type(err, ImportFileError, 'refused with an ImportFileError, no partial result')
  const e = err as ImportFileError
  t.equal(e.code, expected.code)
  if (expected.line !== 'any') t.equal(e.line, expected.line)
  if (typeof expected.line === 'number') t.match(e.message, new RegExp(`^line ${expected.line}: `), 'the message names the line')
  return e
}

t.test('a file cut short names the line where it breaks', async (t) => {
  const f = wechatCsv(WECHAT_TXS)
  const text = decode(f.bytes)
  const lastLine = f.lineOf.neutral!
  const cut = text.slice(0, text.lastIndexOf('提现已到账'))
  await refusal(t, utf8(cut), { code: 'truncated', line: lastLine })

  const a = alipayCsv(ALIPAY_TXS)
  const gbkText = decode(a.bytes, 'gbk')
  const inQuote = gbkText.indexOf('"九月托管费') + 3
  await refusal(t, encodeGbk(gbkText.slice(0, inQuote)), { code: 'truncated', line: a.lineOf['quoted-comma'] })

  const x = await wechatXlsx(WECHAT_TXS)
  await refusal(t, x.bytes.subarray(0, Math.floor(x.bytes.length * 0.7)), { code: 'damaged-xlsx' })
})

t.test('a bad cell names its line and column, never its content', async (t) => {
  const txs: FixtureTx[] = WECHAT_TXS.map((tx) => (tx.tag === 'outgoing-personal' ? { ...tx, amount: '35O0.00房租' } : tx))
  const x = await wechatXlsx(txs, { amountAs: 'text' })
  const e = await refusal(t, x.bytes, { code: 'bad-amount', line: x.lineOf['outgoing-personal'] })
  t.match(e.message, /金额\(元\)/)
  t.notMatch(e.message, /房租|35O0/, 'the treasurer’s own spending is not echoed')

  const late = WECHAT_TXS.map((tx) => (tx.tag === 'unmatched' ? { ...tx, time: '2025-02-30 10:00:00' } : tx))
  const c = wechatCsv(late)
  await refusal(t, c.bytes, { code: 'bad-date', line: c.lineOf.unmatched })

  const three = WECHAT_TXS.map((tx) => (tx.tag === 'alias' ? { ...tx, amount: '300.001' } : tx))
  const c3 = wechatCsv(three)
  await refusal(t, c3.bytes, { code: 'bad-amount', line: c3.lineOf.alias })

  const b = icbcCsv(BANK_TXS)
  const both = decode(b.bytes).replace('"                    \t","1,234.56', '"9.99                \t","1,234.56')
  await refusal(t, utf8(both), { code: 'bad-row', line: b.lineOf.outgoing })

  const noNumber = ALIPAY_TXS.map((tx) => (tx.tag === 'outgoing' ? { ...tx, txNo: '' } : tx))
  const a = alipayCsv(noNumber)
  await refusal(t, a.bytes, { code: 'bad-row', line: a.lineOf.outgoing })

  const direction = WECHAT_TXS.map((tx) => (tx.tag === 'guardian' ? { ...tx, direction: '收款' as '收入' } : tx))
  const d = wechatCsv(direction)
  await refusal(t, d.bytes, { code: 'bad-row', line: d.lineOf.guardian })
})

t.test('a wrong-encoding file names the first line that is not text', async (t) => {
  const a = alipayCsv(ALIPAY_TXS)
  const bytes = new Uint8Array(a.bytes)
  let line = 1
  let at = 0
  while (line < a.lineOf.namesakes!) if (bytes[at++] === 0x0a) line++
  bytes[at + 2] = 0xff
  await refusal(t, bytes, { code: 'wrong-encoding', line: a.lineOf.namesakes })

  // GBK opened as Latin-1 and saved as UTF-8: valid UTF-8, but garbage.
  const latin = utf8(decode(a.bytes, 'latin1'))
  await refusal(t, latin, { code: 'wrong-encoding', line: 2 })

  // UTF-8 read as GBK and saved as UTF-8: GBK's private-use and replacement characters give it away.
  const g = genericCsv(GENERIC_TXS)
  const misread = utf8(decode(g.bytes.subarray(3), 'gbk'))
  const e = await refusal(t, misread, { code: 'wrong-encoding', line: 'any' }, { mapping: GENERIC_MAPPING })
  t.ok(e.line! >= 1 && e.line! <= 2, 'within the first lines')
})

t.test('no known layout, a mapping that does not fit, an empty file', async (t) => {
  await refusal(t, utf8('name,amount\nfoo,1\n'), { code: 'unknown-format' })
  await refusal(t, new Uint8Array(), { code: 'empty-file' })
  const workbook = new ExcelJS.Workbook()
  workbook.addWorksheet('Sheet1').addRow(['not', 'a', 'bill'])
  await refusal(t, new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer), { code: 'unknown-format' })

  const g = genericCsv(GENERIC_TXS)
  await refusal(t, g.bytes, { code: 'unknown-format' }, { mapping: { ...GENERIC_MAPPING, memo: ['摘要', '用途'] } })
  await refusal(t, g.bytes, { code: 'bad-mapping' }, { mapping: { ...GENERIC_MAPPING, debit: undefined } })
  await refusal(t, g.bytes, { code: 'bad-mapping' }, { mapping: { date: '交易日期', amount: '贷方发生额', credit: '贷方发生额', debit: '借方发生额' } })
  await refusal(t, g.bytes, { code: 'bad-mapping' }, { mapping: { ...GENERIC_MAPPING, date: ' ' } })
})
