/**
 * Any other bank's CSV, read through the column mapping the treasurer saved once for the
 * committee: each mapped value is a header text, and the header row is the one that has them all.
 */
import { classifyStatus } from './classify-status.js'
import { deriveTransactionNo } from './derive-transaction-no.js'
import type { HeaderSpec } from './find-header.js'
import { ImportFileError } from './import-file-error.js'
import { joinMemo } from './normalize-text.js'
import { isBlankAmount, parseAmountCell, parseUnsignedAmountCell } from './parse-amount-cell.js'
import { parseChinaTime } from './parse-china-time.js'
import type { TableRecord } from './read-table.js'
import type { ColumnMapping, Direction, StatementRow } from './types.js'

const SINGLE = ['date', 'time', 'amount', 'credit', 'debit', 'counterparty', 'counterpartyAccount', 'method', 'transactionNo', 'status', 'balance'] as const

function memoColumns(mapping: ColumnMapping): string[] {
  return mapping.memo === undefined ? [] : Array.isArray(mapping.memo) ? mapping.memo : [mapping.memo]
}

/** Every mapped column must be in the header: a mapping that no longer fits the bank's export is not guessed around. */
export function mappingHeader(mapping: ColumnMapping): HeaderSpec<string> {
  const named = (v: unknown) => typeof v === 'string' && v.trim() !== ''
  if (!named(mapping.date)) throw new ImportFileError('bad-mapping', 'the column mapping names no date column')
  const signed = mapping.amount !== undefined
  const split = mapping.credit !== undefined || mapping.debit !== undefined
  if (signed === split || (split && !(named(mapping.credit) && named(mapping.debit)))) {
    throw new ImportFileError('bad-mapping', 'the column mapping needs either one amount column or both a credit and a debit column')
  }
  const spec: HeaderSpec<string> = {}
  for (const key of SINGLE) {
    const name = mapping[key]
    if (name === undefined) continue
    if (!named(name)) throw new ImportFileError('bad-mapping', `the column mapping's ${key} is not a column name`)
    spec[key] = { names: [name], required: true }
  }
  memoColumns(mapping).forEach((name, i) => {
    if (!named(name)) throw new ImportFileError('bad-mapping', "the column mapping's memo is not a column name")
    spec[`memo${i}`] = { names: [name], required: true }
  })
  if (mapping.direction) spec.direction = { names: [mapping.direction.column], required: true }
  return spec
}

export function parseGenericRecord(r: TableRecord<string>, mapping: ColumnMapping): StatementRow {
  const { direction, amountFen } = money(r, mapping)
  const statusText = mapping.status ? r.get('status') : ''
  const account = r.get('counterpartyAccount')
  const channel = mapping.channel ?? 'bank'
  const base = {
    line: r.line,
    occurredAt: parseChinaTime(r.get('date'), r.line, mapping.date, mapping.time ? r.get('time') : ''),
    direction,
    status: mapping.status ? classifyStatus(statusText) : 'success',
    statusText,
    amountFen,
    counterparty: r.get('counterparty'),
    ...(account ? { counterpartyAccount: account } : {}),
    memo: joinMemo(...memoColumns(mapping).map((_, i) => r.get(`memo${i}`))),
    method: r.get('method'),
    channel,
  } satisfies Omit<StatementRow, 'transactionNo'>
  const own = r.get('transactionNo')
  return { ...base, transactionNo: own || deriveTransactionNo({ ...base, balance: r.get('balance') }) }
}

function money(r: TableRecord<string>, mapping: ColumnMapping): { direction: Direction; amountFen: number } {
  if (mapping.amount !== undefined) {
    if (mapping.direction) {
      const word = r.get('direction')
      const direction = mapping.direction.incoming.includes(word) ? 'in' : mapping.direction.outgoing.includes(word) ? 'out' : 'neutral'
      return { direction, amountFen: parseUnsignedAmountCell(r.get('amount'), r.line, mapping.amount) }
    }
    const fen = parseAmountCell(r.get('amount'), r.line, mapping.amount)
    return { direction: fen < 0 ? 'out' : 'in', amountFen: Math.abs(fen) }
  }
  const credit = r.get('credit')
  const debit = r.get('debit')
  const hasCredit = !isBlankAmount(credit) && parseUnsignedAmountCell(credit, r.line, mapping.credit!) !== 0
  const hasDebit = !isBlankAmount(debit) && parseUnsignedAmountCell(debit, r.line, mapping.debit!) !== 0
  if (hasCredit === hasDebit) {
    throw new ImportFileError(
      'bad-row',
      hasCredit ? `both ${mapping.credit} and ${mapping.debit} hold an amount` : `neither ${mapping.credit} nor ${mapping.debit} holds an amount`,
      r.line,
    )
  }
  return hasCredit
    ? { direction: 'in', amountFen: parseUnsignedAmountCell(credit, r.line, mapping.credit!) }
    : { direction: 'out', amountFen: parseUnsignedAmountCell(debit, r.line, mapping.debit!) }
}
