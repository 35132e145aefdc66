/**
 * What a confirmation teaches: the payer's name and account on that channel, for that family,
 * so the next import matches the same nickname without a memo. Bank rows teach the account
 * holder's name too; a row with neither teaches nothing.
 */
import type { PayerAlias, StatementRow } from './types.js'

export function aliasFromConfirmation(row: StatementRow, enrollmentId: string): PayerAlias | null {
  const payerName = row.counterparty.trim()
  const payerAccount = row.counterpartyAccount?.trim() ?? ''
  if (!payerName && !payerAccount) return null
  return {
    enrollmentId,
    channel: row.channel,
    ...(payerName ? { payerName } : {}),
    ...(payerAccount ? { payerAccount } : {}),
  }
}
