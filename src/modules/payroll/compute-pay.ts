// A month's pay under one hiring contract, from the duty records alone (pure: no clock, no SQL).
//   hourly:  the rate × the minutes signed in (sign-in to sign-out), rounded to the fen once
//   session: the rate × the sessions signed in for
//   monthly: the rate × the days the contract covers in the month ÷ the days of the month
// Only days the contract covers count (signed by both, started, before its termination): a
// session on any other day is never paid under it.
import { allocate, type Fen, sumFen } from '../../money.js'
import { fromDayNumber, monthRange, toDayNumber } from '../calendar/iso-date.js'

export interface PayContract {
  id: string
  planId: string
  staffId: string
  payType: 'hourly' | 'session' | 'monthly'
  rateFen: Fen
  inForce: { from: string; to: string } | null
}

export interface PayShift {
  planId: string
  date: string
  staffId: string
  signedInAt: Date
  signedOutAt: Date | null
  minutes: number | null
}

export interface PayLine {
  date: string
  /** hourly: minutes; session: 1; monthly: days. */
  quantity: number
  unit: 'minute' | 'session' | 'day'
  signedInAt: Date | null
  signedOutAt: Date | null
  amountFen: Fen
}

export interface Pay {
  /** The part of the month the contract covers, or null. */
  period: { from: string; to: string } | null
  lines: PayLine[]
  /** Shifts in the period still open (not signed out): not payable by the hour until they are. */
  pending: { date: string; signedInAt: Date }[]
  sessions: number
  minutes: number
  days: number
  totalFen: Fen
}

/** rate × numerator ÷ denominator, half a fen rounded up, in exact integer arithmetic. */
export function prorate(rateFen: Fen, numerator: number, denominator: number): Fen {
  const n = BigInt(rateFen) * BigInt(numerator) * 2n + BigInt(denominator)
  return Number(n / (2n * BigInt(denominator)))
}

export function monthPeriod(month: string, inForce: { from: string; to: string } | null) {
  const { first, last } = monthRange(month)
  const [from, to] = [fromDayNumber(first), fromDayNumber(last)]
  if (!inForce) return null
  const p = { from: [from, inForce.from].sort()[1]!, to: [to, inForce.to].sort()[0]! }
  return p.from <= p.to ? p : null
}

export function computePay(contract: PayContract, month: string, shifts: readonly PayShift[]): Pay {
  const period = monthPeriod(month, contract.inForce)
  const none = { period, lines: [], pending: [], sessions: 0, minutes: 0, days: 0, totalFen: 0 }
  if (!period) return none
  const { first, last } = monthRange(month)
  if (contract.payType === 'monthly') {
    const days = toDayNumber(period.to) - toDayNumber(period.from) + 1
    const amount = prorate(contract.rateFen, days, last - first + 1)
    return { ...none, lines: [{ date: period.from, quantity: days, unit: 'day', signedInAt: null, signedOutAt: null, amountFen: amount }], days, totalFen: amount }
  }
  const mine = shifts
    .filter((s) => s.staffId === contract.staffId && s.planId === contract.planId && s.date >= period.from && s.date <= period.to)
    .sort((a, b) => a.signedInAt.getTime() - b.signedInAt.getTime())
  if (contract.payType === 'session') {
    const lines = mine.map((s) => ({ date: s.date, quantity: 1, unit: 'session' as const, signedInAt: s.signedInAt, signedOutAt: s.signedOutAt, amountFen: contract.rateFen }))
    return { ...none, lines, sessions: lines.length, totalFen: sumFen(lines.map((l) => l.amountFen)) }
  }
  const done = mine.filter((s) => s.minutes !== null)
  const minutes = done.reduce((a, s) => a + s.minutes!, 0)
  const totalFen = prorate(contract.rateFen, minutes, 60)
  // The total is rounded once; the lines share it by their minutes and add up to it exactly.
  const amounts =
    minutes > 0
      ? allocate(
          totalFen,
          done.map((s) => s.minutes!),
        )
      : done.map(() => 0)
  const lines = done.map((s, i) => ({ date: s.date, quantity: s.minutes!, unit: 'minute' as const, signedInAt: s.signedInAt, signedOutAt: s.signedOutAt, amountFen: amounts[i]! }))
  return {
    ...none,
    lines,
    pending: mine.filter((s) => s.minutes === null).map((s) => ({ date: s.date, signedInAt: s.signedInAt })),
    sessions: done.length,
    minutes,
    totalFen,
  }
}
