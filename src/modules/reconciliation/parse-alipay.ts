/**
 * Alipay 交易明细 (支付宝 App → 开具交易流水证明 → 用于个人对账): GBK CSV; a long preamble (export
 * info, counts, numbered 特别提示) ends in the banner
 * "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
 * then 交易时间, 交易分类, 交易对方, 对方账号, 商品说明, 收/支, 金额, 收/付款方式, 交易状态, 交易订单号,
 * 商家订单号, 备注 — cells padded with spaces, ids with a tab, every row ending in a comma.
 * The pre-2023 layout (交易号, 付款时间, 商品名称, 金额（元）) is read by the same names.
 */
import { classifyStatus, parseDirection } from './classify-status.js'
import type { HeaderSpec } from './find-header.js'
import { ImportFileError } from './import-file-error.js'
import { joinMemo, noneIfSlash } from './normalize-text.js'
import { parseUnsignedAmountCell } from './parse-amount-cell.js'
import { parseChinaTime } from './parse-china-time.js'
import type { TableRecord } from './read-table.js'
import type { StatementRow } from './types.js'

export const ALIPAY_HEADER = {
  time: { names: ['交易时间', '付款时间', '交易创建时间'], required: true },
  kind: { names: ['交易分类', '类型'] },
  counterparty: { names: ['交易对方'], required: true },
  counterpartyAccount: { names: ['对方账号'] },
  goods: { names: ['商品说明', '商品名称'] },
  direction: { names: ['收/支'], required: true },
  amount: { names: ['金额', '金额(元)'], required: true },
  method: { names: ['收/付款方式'] },
  status: { names: ['交易状态'], required: true },
  transactionNo: { names: ['交易订单号', '交易号'], required: true },
  merchantNo: { names: ['商家订单号'] },
  note: { names: ['备注'] },
} satisfies HeaderSpec<string>

export type AlipayField = keyof typeof ALIPAY_HEADER

export function parseAlipayRecord(r: TableRecord<AlipayField>): StatementRow {
  const transactionNo = r.get('transactionNo')
  if (transactionNo === '') throw new ImportFileError('bad-row', 'the 交易订单号 cell is empty', r.line)
  const statusText = r.get('status')
  const account = noneIfSlash(r.get('counterpartyAccount'))
  const merchantNo = noneIfSlash(r.get('merchantNo'))
  return {
    line: r.line,
    occurredAt: parseChinaTime(r.get('time'), r.line, '交易时间'),
    direction: parseDirection(r.get('direction'), r.line, '收/支'),
    status: classifyStatus(statusText),
    statusText,
    amountFen: parseUnsignedAmountCell(r.get('amount'), r.line, '金额'),
    counterparty: noneIfSlash(r.get('counterparty')),
    ...(account ? { counterpartyAccount: account } : {}),
    memo: joinMemo(noneIfSlash(r.get('goods')), noneIfSlash(r.get('note'))),
    method: noneIfSlash(r.get('method')),
    transactionNo,
    ...(merchantNo ? { merchantNo } : {}),
    channel: 'alipay',
  }
}
