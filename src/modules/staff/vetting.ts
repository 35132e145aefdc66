// Vetting (品德、健康、资质): a staff member's background check and health certificate, each
// verified by someone who saw the original, and for a third-party provider's staff the school's
// white list. What is "valid on a date" is decided here once, for contracts and for duty.
import type { Db, Trx } from '../../db/index.js'
import type { StaffCheckKind } from '../../db/schema.js'
import { fromDayNumber, monthRange, toDayNumber } from '../calendar/iso-date.js'
import { getCommitteeRef } from '../schools/service.js'
import * as repo from './repository.js'

/** How old a check may be when the school has not said: 12 months. */
export const DEFAULT_CHECK_MAX_AGE_MONTHS = 12

export type CheckStatus = 'valid' | 'missing' | 'unverified' | 'expired'

export interface CheckState {
  status: CheckStatus
  /** The check in force on the date, or else the latest recorded; null when none was ever recorded. */
  check: repo.CheckRow | null
  /** The last day the check counts: the day before it is `months` old. */
  validUntil: string | null
}

/** `date` plus whole months, the day clamped to the target month (2024-02-29 + 12 → 2025-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const month = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
  const { first, last } = monthRange(month)
  return fromDayNumber(Math.min(first + d - 1, last))
}

export const validUntilOf = (issuedOn: string, months: number) => fromDayNumber(toDayNumber(addMonths(issuedOn, months)) - 1)

/**
 * The check of one kind in force on `date`: the latest-issued one that had been issued and
 * verified by then. It counts until it is `months` old. Unverified or later checks do not count.
 */
export function checkOn(checks: readonly repo.CheckRow[], kind: StaffCheckKind, date: string, months: number): CheckState {
  const ofKind = checks.filter((c) => c.kind === kind)
  const candidates = ofKind.filter((c) => c.issued_on <= date && c.verified_on !== null && c.verified_on <= date)
  const inForce = candidates.at(-1)
  if (inForce) {
    const validUntil = validUntilOf(inForce.issued_on, months)
    return { status: date <= validUntil ? 'valid' : 'expired', check: inForce, validUntil }
  }
  const latest = ofKind.at(-1) ?? null
  return { status: latest ? 'unverified' : 'missing', check: latest, validUntil: latest ? validUntilOf(latest.issued_on, months) : null }
}

const WORDS: Record<StaffCheckKind, string> = { background: 'background check (无犯罪记录证明)', health: 'health certificate (健康证明)' }
const STATUS_WORDS: Record<Exclude<CheckStatus, 'valid'>, string> = {
  missing: 'is missing',
  unverified: 'has not been verified by anyone who saw the original',
  expired: 'is older than the school allows',
}

export interface Vetting {
  ok: boolean
  /** Why not, in words, one per failing part. */
  problems: string[]
  background: CheckState
  health: CheckState
  months: number
  provider: repo.ProviderRow | null
}

/** The school's limit on the age of a check, in months. */
export async function checkMaxAgeMonths(db: Db | Trx, schoolId: string): Promise<number> {
  return (await repo.checkMaxAgeMonths(db, schoolId)) ?? DEFAULT_CHECK_MAX_AGE_MONTHS
}

/** Vetting of several staff of one committee, from rows already read. */
export function vettingFrom(staff: repo.StaffRow, checks: readonly repo.CheckRow[], provider: repo.ProviderRow | null, months: number, date: string): Vetting {
  const own = checks.filter((c) => c.staff_id === staff.id)
  const background = checkOn(own, 'background', date, months)
  const health = checkOn(own, 'health', date, months)
  const problems: string[] = []
  for (const [kind, state] of [
    ['background', background],
    ['health', health],
  ] as const) {
    if (state.status === 'valid') continue
    const until = state.status === 'expired' ? ` (issued ${state.check!.issued_on}, valid to ${state.validUntil}; the limit is ${months} months)` : ''
    problems.push(`the ${WORDS[kind]} ${STATUS_WORDS[state.status]} on ${date}${until}`)
  }
  if (provider?.removed_on && provider.removed_on <= date) problems.push(`their provider ${provider.name} is off the school's white list since ${provider.removed_on}`)
  return { ok: problems.length === 0, problems, background, health, months, provider }
}

/** Is this staff member vetted on `date`: a verified background check and health certificate young enough, and an allowed provider? */
export async function vettingOn(db: Db | Trx, staff: repo.StaffRow, date: string): Promise<Vetting> {
  const committee = (await getCommitteeRef(db, staff.committee_id))!
  const checks = await repo.checksOf(db, [staff.id])
  const months = await checkMaxAgeMonths(db, committee.schoolId)
  const provider = staff.provider_id ? await repo.findProvider(db, staff.provider_id) : undefined
  return vettingFrom(staff, checks, provider ?? null, months, date)
}
