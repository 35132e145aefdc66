/**
 * Shapes of statement reconciliation (issue 20). Everything in this folder is pure: bytes in,
 * rows and proposals out; the import tables and routes build on it.
 */
import type { Fen } from '../../money.js'

export type Channel = 'wechat' | 'alipay' | 'bank'
export type Direction = 'in' | 'out' | 'neutral'
export type RowStatus = 'success' | 'refunded' | 'closed' | 'other'

/** Layout and container: WeChat's is an XLSX since 2025; a CSV someone re-saved from Excel may be either. */
export type StatementFormat = `${'wechat' | 'alipay' | 'icbc' | 'generic'}-${'csv' | 'xlsx'}`

/** One transaction of an export, normalised across channels. */
export interface StatementRow {
  /** 1-based line (CSV) or row (XLSX) number in the uploaded file, for messages and decisions. */
  line: number
  /** The export's local China time, e.g. "2025-09-03T19:20:11+08:00" (bank rows: midnight). */
  occurredAt: string
  direction: Direction
  status: RowStatus
  /** The export's own status words, kept for the skip reason of incoming rows. */
  statusText: string
  amountFen: Fen
  counterparty: string
  counterpartyAccount?: string
  /** 备注 and 商品/商品说明 (bank: 交易详情 and 摘要), joined by a space. */
  memo: string
  method: string
  /** The channel's transaction number; bank rows without one get a derived "derived:…" key. */
  transactionNo: string
  merchantNo?: string
  channel: Channel
}

export interface ParsedStatement {
  format: StatementFormat
  channel: Channel
  rows: StatementRow[]
}

/**
 * A treasurer's saved description of a bank's CSV: each value is the header text of a column.
 * Money comes either from one signed `amount` column (negative = out, unless `direction` says)
 * or from `credit` (in) and `debit` (out) columns.
 */
export interface ColumnMapping {
  date: string
  time?: string
  amount?: string
  credit?: string
  debit?: string
  direction?: { column: string; incoming: string[]; outgoing: string[] }
  counterparty?: string
  counterpartyAccount?: string
  memo?: string | string[]
  method?: string
  transactionNo?: string
  status?: string
  balance?: string
  /** Which books the money lands in; a generic CSV is usually a bank's (default 'bank'). */
  channel?: Channel
}

export type SkipReason = 'outgoing' | 'neutral' | 'refunded' | 'closed' | 'not-final' | 'zero-amount'

/** All that is ever said about a row that is not a family's payment: its line and why. */
export interface SkippedRow {
  line: number
  reason: SkipReason
}

export interface Family {
  enrollmentId: string
  studentName: string
  className: string
  guardianName: string
  owedFen: Fen
}

export interface PayerAlias {
  enrollmentId: string
  channel: Channel
  payerName?: string
  payerAccount?: string
}

export interface RecordedPayment {
  channel: Channel
  transactionNo: string
}

export interface KnownPayments {
  aliases: PayerAlias[]
  recorded: RecordedPayment[]
}

export type ProposalStatus = 'matched' | 'ambiguous' | 'unmatched' | 'already-recorded'

export interface Proposal {
  line: number
  status: ProposalStatus
  enrollmentId?: string
  reasons: string[]
  candidates: string[]
  /** For a repeated transaction in the same file: the line of its first appearance. */
  duplicateOf?: number
}
