/**
 * What the channels' status and direction words mean for a committee's books. Only money that
 * arrived and stayed is a family's payment; refunds are checked first because "已全额退款" and
 * "已退款(￥5.00)" describe an incoming payment that did not stay.
 * Seen in the parsers' code: WeChat 支付成功/已收钱/已存入零钱/已到账/已转账/对方已收钱/朋友已收钱/
 * 充值完成/提现已到账/已全额退款/已退款…/对方已退还; Alipay 交易成功/等待确认收货/交易关闭/退款成功/还款成功.
 */

import { ImportFileError } from './import-file-error.js'
import type { Direction, RowStatus } from './types.js'

const SUCCESS = new Set([
  '支付成功',
  '交易成功',
  '已收钱',
  '已存入零钱',
  '已到账',
  '已转账',
  '对方已收钱',
  '朋友已收钱',
  '充值成功',
  '充值完成',
  '提现已到账',
  '还款成功',
  '已入账',
  '转账成功',
  '收款成功',
  '成功',
  '已完成',
  '完成',
])

export function classifyStatus(text: string): RowStatus {
  if (/退款|退还|退回|退汇|退税/.test(text)) return 'refunded'
  if (/关闭|撤销|冲正|失败|已失效|已过期/.test(text)) return 'closed'
  if (SUCCESS.has(text)) return 'success'
  return 'other'
}

/** 收/支: 收入, 支出, and for neither 不计收支 (Alipay), "/" (WeChat), 其他 or blank (older Alipay). */
export function parseDirection(text: string, line: number, column: string): Direction {
  if (text === '收入' || text === '收') return 'in'
  if (text === '支出' || text === '支') return 'out'
  if (text === '不计收支' || text === '/' || text === '' || text === '其他') return 'neutral'
  throw new ImportFileError('bad-row', `the ${column} cell is not 收入, 支出 or 不计收支`, line)
}

/** A bank books only settled money; its 摘要 still says when a credit is a refund or a reversal. */
export function classifyBankSummary(summary: string): RowStatus {
  if (/退款|退汇|退货/.test(summary)) return 'refunded'
  if (/冲正|撤销|冲账/.test(summary)) return 'closed'
  return 'success'
}
