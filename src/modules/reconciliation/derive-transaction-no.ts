/**
 * Bank statements carry no transaction number, yet re-importing an overlapping statement must
 * not book a transfer twice. The key is therefore the row's own content, running balance
 * included: two real transfers never leave the same balance, while the same transfer in two
 * exports hashes alike. Hashed so the key stored with a payment does not spell out the payer.
 */
import { createHash } from 'node:crypto'
import type { Channel, Direction } from './types.js'

export interface RowIdentity {
  channel: Channel
  occurredAt: string
  direction: Direction
  amountFen: number
  counterparty: string
  counterpartyAccount?: string
  memo: string
  balance: string
}

export function deriveTransactionNo(row: RowIdentity): string {
  const parts = [row.channel, row.occurredAt, row.direction, String(row.amountFen), row.counterparty, row.counterpartyAccount ?? '', row.memo, row.balance]
  return `derived:${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 32)}`
}
