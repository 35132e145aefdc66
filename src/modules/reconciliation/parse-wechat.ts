/**
 * WeChat Pay 微信支付账单明细: XLSX since 2025 (CSV before), a preamble (nickname, period,
 * counts, numbered notes — four of them since March 2026) and the banner
 * "----------------------微信支付账单明细列表--------------------" above the header
 * 交易时间, 交易类型, 交易对方, 商品, 收/支, 金额(元), 支付方式, 当前状态, 交易单号, 商户单号, 备注.
 * Ids carry a trailing tab; "/" means none.
 */

import { classifyStatus, parseDirection } from './classify-status.js'
import type { HeaderSpec } from './find-header.js'
import { ImportFileError } from './import-file-error.js'
import { joinMemo, noneIfSlash } from './normalize-text.js'
import { parseUnsignedAmountCell } from './parse-amount-cell.js'
import { parseChinaTime } from './parse-china-time.js'
import type { TableRecord } from './read-table.js'
import type { StatementRow } from './types.js'

export const WECHAT_HEADER = {
  time: { names: ['交易时间'], required: true },
  kind: { names: ['交易类型'], required: true },
  counterparty: { names: ['交易对方'], required: true },
  goods: { names: ['商品', '商品说明'] },
  direction: { names: ['收/支'], required: true },
  amount: { names: ['金额(元)', '金额'], required: true },
  method: { names: ['支付方式'] },
  status: { names: ['当前状态'], required: true },
  transactionNo: { names: ['交易单号'], required: true },
  merchantNo: { names: ['商户单号'] },
  note: { names: ['备注'] },
} satisfies HeaderSpec<string>

export type WechatField = keyof typeof WECHAT_HEADER

export function parseWechatRecord(r: TableRecord<WechatField>): StatementRow {
  const transactionNo = r.get('transactionNo')
  if (transactionNo === '' || transactionNo === '/') throw new ImportFileError('bad-row', 'the 交易单号 cell is empty', r.line)
  const statusText = r.get('status')
  const merchantNo = noneIfSlash(r.get('merchantNo'))
  return {
    line: r.line,
    occurredAt: parseChinaTime(r.get('time'), r.line, '交易时间'),
    direction: parseDirection(r.get('direction'), r.line, '收/支'),
    status: classifyStatus(statusText),
    statusText,
    amountFen: parseUnsignedAmountCell(r.get('amount'), r.line, '金额(元)'),
    counterparty: noneIfSlash(r.get('counterparty')),
    memo: joinMemo(noneIfSlash(r.get('goods')), noneIfSlash(r.get('note'))),
    method: noneIfSlash(r.get('method')),
    transactionNo,
    ...(merchantNo ? { merchantNo } : {}),
    channel: 'wechat',
  }
}
