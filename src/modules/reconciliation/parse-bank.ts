/**
 * ICBC 明细查询文件下载 (debit cards, both layouts double-entry-generator knows): a short
 * preamble (卡号, 子账户…), then 交易日期, 摘要, [交易详情,] 交易场所, …, 交易金额(收入), 交易金额(支出),
 * 交易币种, 记账金额(收入), 记账金额(支出), 记账币种, 余额, 对方户名[, 对方账户]; cells are quoted and
 * padded with spaces and a tab, "-" means none, and a 人民币合计 footer closes the table.
 * The money is in 记账金额 (交易金额 shows "-" for domestic rows), so that is read first.
 */
import { classifyBankSummary } from './classify-status.js'
import { deriveTransactionNo } from './derive-transaction-no.js'
import type { HeaderSpec } from './find-header.js'
import { ImportFileError } from './import-file-error.js'
import { joinMemo } from './normalize-text.js'
import { isBlankAmount, parseUnsignedAmountCell } from './parse-amount-cell.js'
import { parseChinaTime } from './parse-china-time.js'
import type { TableRecord } from './read-table.js'
import type { StatementRow } from './types.js'

export const ICBC_HEADER = {
  date: { names: ['交易日期'], required: true },
  summary: { names: ['摘要'], required: true },
  details: { names: ['交易详情'] },
  place: { names: ['交易场所'] },
  creditTx: { names: ['交易金额(收入)'], required: true },
  debitTx: { names: ['交易金额(支出)'], required: true },
  creditBooked: { names: ['记账金额(收入)'] },
  debitBooked: { names: ['记账金额(支出)'] },
  balance: { names: ['余额'] },
  counterparty: { names: ['对方户名'], required: true },
  counterpartyAccount: { names: ['对方账户', '对方账号'] },
} satisfies HeaderSpec<string>

export type IcbcField = keyof typeof ICBC_HEADER

export function parseIcbcRecord(r: TableRecord<IcbcField>): StatementRow {
  const credit = firstAmount(r.get('creditBooked'), r.get('creditTx'))
  const debit = firstAmount(r.get('debitBooked'), r.get('debitTx'))
  if ((credit === '') === (debit === '')) {
    throw new ImportFileError('bad-row', credit === '' ? 'neither 收入 nor 支出 holds an amount' : 'both 收入 and 支出 hold an amount', r.line)
  }
  const direction = credit !== '' ? 'in' : 'out'
  const amountFen = parseUnsignedAmountCell(credit || debit, r.line, credit ? '记账金额(收入)' : '记账金额(支出)')
  const summary = r.get('summary')
  const account = r.get('counterpartyAccount')
  const base = {
    line: r.line,
    occurredAt: parseChinaTime(r.get('date'), r.line, '交易日期'),
    direction,
    status: classifyBankSummary(summary),
    statusText: summary,
    amountFen,
    counterparty: r.get('counterparty'),
    ...(account ? { counterpartyAccount: account } : {}),
    memo: joinMemo(r.get('details'), summary),
    method: r.get('place') || summary,
    channel: 'bank',
  } satisfies Omit<StatementRow, 'transactionNo'>
  return { ...base, transactionNo: deriveTransactionNo({ ...base, balance: r.get('balance') }) }
}

function firstAmount(...cells: string[]): string {
  return cells.find((c) => !isBlankAmount(c)) ?? ''
}
