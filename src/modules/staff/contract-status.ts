// A hiring contract's state is never stored: it follows from its dates, its signatures, its
// termination and the clock, so "active" and "expired" arrive with the day, not with a job.
//   draft → signed (both parties) → active (from its start) → terminated | expired
import { chinaDateOf } from '../../china-time.js'
import type { ContractParty } from '../../db/schema.js'
import { addDays } from '../calendar/iso-date.js'

export type ContractStatus = 'draft' | 'signed' | 'active' | 'terminated' | 'expired'
export const CONTRACT_STATUSES = ['draft', 'signed', 'active', 'terminated', 'expired'] as const

export interface ContractFacts {
  startsOn: string
  endsOn: string
  signatures: readonly { party: ContractParty; signedAt: Date }[]
  /** The first day the contract no longer covers. */
  termination: { effectiveOn: string } | null
}

export const PARTIES: readonly ContractParty[] = ['chair', 'staff']

/** The China date the second party signed on, once both have. */
export function fullySignedOn(f: ContractFacts): string | null {
  if (!PARTIES.every((p) => f.signatures.some((s) => s.party === p))) return null
  const last = f.signatures.reduce((a, b) => (a.signedAt > b.signedAt ? a : b))
  return chinaDateOf(last.signedAt)
}

/**
 * The days the contract covers: from its start, or from the day it was fully signed if that was
 * later (nobody works under a contract before both parties have signed it), to its end or the
 * day before its termination takes effect. Null while unsigned, or when nothing is left.
 */
export function coverage(f: ContractFacts): { from: string; to: string } | null {
  const signedOn = fullySignedOn(f)
  if (!signedOn) return null
  const from = [signedOn, f.startsOn].sort()[1]!
  const to = [f.termination ? addDays(f.termination.effectiveOn, -1) : f.endsOn, f.endsOn].sort()[0]!
  return from <= to ? { from, to } : null
}

export function covers(f: ContractFacts, date: string): boolean {
  const c = coverage(f)
  return c !== null && c.from <= date && date <= c.to
}

export function statusOn(f: ContractFacts, today: string): ContractStatus {
  if (f.termination && today >= f.termination.effectiveOn) return 'terminated'
  if (today > f.endsOn) return 'expired'
  const signedOn = fullySignedOn(f)
  if (!signedOn) return 'draft'
  return today < f.startsOn ? 'signed' : 'active'
}
