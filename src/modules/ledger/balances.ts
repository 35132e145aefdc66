import type { Db, Trx } from '../../db/index.js'
import type { Account } from '../../db/schema.js'
import { ACCOUNTS } from './accounts.js'
import * as repo from './repository.js'

export interface AccountBalance {
  account: Account
  name: string
  category: string | null
  /** Debit positive, credit negative, like the lines. */
  balanceFen: number
}

/**
 * The trial balance of a fund, or of all of a committee's funds: every account's balance, which
 * sum to zero when the books are whole, and the entries that do not balance (there must be none).
 */
export async function trialBalance(db: Db | Trx, scope: { planId: string } | { committeeId: string }, throughPeriod?: string) {
  const rows = await repo.accountBalances(db, scope, throughPeriod)
  const accounts: AccountBalance[] = rows
    .map((r) => ({ account: r.account, name: ACCOUNTS[r.account].zh, category: r.category, balanceFen: r.balance }))
    .filter((a) => a.balanceFen !== 0)
    .sort((a, b) => (a.account === b.account ? (a.category ?? '').localeCompare(b.category ?? '') : a.account < b.account ? -1 : 1))
  const totalFen = accounts.reduce((sum, a) => sum + a.balanceFen, 0)
  const unbalanced = 'planId' in scope ? await repo.unbalancedEntries(db, scope.planId) : []
  return { accounts, totalFen, balanced: totalFen === 0 && unbalanced.length === 0, unbalancedEntries: unbalanced.map((u) => u.entry_id) }
}

export interface FamilyPosition {
  enrollmentId: string
  /** What the family owes (≥ 0). */
  receivableFen: number
  /** Credit the family holds (≥ 0): an overpayment, or leave credit beyond its charges. */
  heldFen: number
  /** Refunds due to the family after settlement and not yet paid (≥ 0). */
  refundsPayableFen: number
}

export async function familyPositions(db: Db | Trx, planId: string, enrollmentIds?: string[]): Promise<Map<string, FamilyPosition>> {
  const rows = enrollmentIds ? await repo.familyBalances(db, planId, enrollmentIds) : await repo.allFamilyBalances(db, planId)
  return new Map(rows.map((r) => [r.enrollment_id!, { enrollmentId: r.enrollment_id!, receivableFen: r.receivable, heldFen: r.held, refundsPayableFen: r.refunds_payable }]))
}

/** Cash of a fund (or all of a committee's funds) by period: for statements, opening and closing cash. */
export async function balancesThrough(db: Db | Trx, scope: { planId: string } | { committeeId: string }, throughPeriod: string) {
  return (await repo.accountBalances(db, scope, throughPeriod)).map((r) => ({ account: r.account, category: r.category, balanceFen: r.balance }))
}
