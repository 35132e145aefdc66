// The money rules as a property (issue 15, "Done when"): random sequences of billing runs,
// payments, reversals, leave reports and withdrawals, walked through the autumn term of 2026 by
// the app's clock. After every step the books are whole (every entry sums to zero, the trial
// balance is zero) and each family's balance is charges − waivers − leave credits − withdrawal
// corrections − payments not reversed, counted from the tables, and equal to what the API and the ledger say. A model of the
// rules (written from the issue, not from the code) predicts every answer and every row.
//
// Each run gets a fresh world: two worlds (one per plan variant) are built once through the API
// and copied per run (world.ts moneyWorldSnapshot). Fixed seed; FC_SEED=… explores another,
// FC_RUNS=… runs more, FC_SHRINK=1 shrinks a failure (each shrink step copies a world, so it is off
// by default: the failure prints the seed and path to replay it with).
import { deepEqual, equal, ok } from 'node:assert/strict'
import fc from 'fast-check'
import { sql } from 'kysely'
import t from 'tap'
import { type ForkedWorld, type MoneyWorld, moneyWorldSnapshot, TERM, type WorldSnapshot } from './world.js'

// About a minute of CPU on PGlite (two world builds ~15 s, 14 runs ~45 s); a loaded machine takes
// twice that, so this file asks tap for more than the default 120 s before it counts as hung.
t.setTimeout(300_000)

const SEED = Number(process.env.FC_SEED ?? 20260901)
const RUNS = Number(process.env.FC_RUNS ?? 14)
const SHRINK = process.env.FC_SHRINK === '1'

const FEE = 30000
const MONTHS = ['2026-09', '2026-10', '2026-11', '2026-12'] as const
const STUDENTS = ['王小明', '李小红', '张低保', '赵晚来', '钱十月']
const STARTS: Record<string, string> = { 赵晚来: '2026-09-14', 钱十月: '2026-10-12' }
const METHODS = ['cash', 'bank', 'wechat', 'alipay'] as const
type Method = (typeof METHODS)[number]
/** The walk starts the day after the families signed and ends a week after the term. */
const FIRST_DAY = '2026-08-26'
const LAST_DAY_OFFSET = 133 // 2027-01-06

type LeaveRule = { kind: 'fixed'; amountFen: number } | { kind: 'day_rate'; minConsecutiveDays: number }
interface Variant {
  partialMonth: 'service_days' | 'none'
  leaveCredit: LeaveRule
}
const VARIANTS: Variant[] = [
  { partialMonth: 'service_days', leaveCredit: { kind: 'fixed', amountFen: 336 } },
  { partialMonth: 'none', leaveCredit: { kind: 'day_rate', minConsecutiveDays: 2 } },
]

// ---- dates, independent of the app ---------------------------------------------------------
const DAY = 86_400_000
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10)
const lastDayOf = (m: string) => {
  const [y, mo] = m.split('-').map(Number) as [number, number]
  return `${m}-${String(new Date(Date.UTC(y, mo, 0)).getUTCDate()).padStart(2, '0')}`
}
const chinaIso = (instant: Date) => `${new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`
const chinaDate = (instant: Date) => new Date(instant.getTime() + 8 * 3600_000).toISOString().slice(0, 10)

// ---- the scenario ---------------------------------------------------------------------------
type Action =
  | { kind: 'bill'; month: string }
  | { kind: 'bill-near'; monthOffset: number }
  | { kind: 'pay'; family: number; share: number; method: Method; minutesAgo: number; reference: string | undefined; confirm: boolean }
  | { kind: 'reverse'; payment: number }
  | { kind: 'leave'; family: number; inDays: number; length: number }
  | { kind: 'withdraw'; family: number; inDays: number }
interface Step {
  day: number
  action: Action
}

const family = fc.nat({ max: STUDENTS.length - 1 })
const action: fc.Arbitrary<Action> = fc.oneof(
  // A month near the walk's date (the one a week ahead, or the one before or after it), so runs are
  // mostly billable; one outside the term is refused.
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('bill-near' as const), monthOffset: fc.constantFrom(0, -1, 1) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('pay' as const),
      family,
      share: fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 100 })),
      method: fc.constantFrom(...METHODS),
      minutesAgo: fc.integer({ min: 0, max: 2000 }),
      reference: fc.option(fc.constantFrom('4200000001', '4200000002', 'ICBC-77'), { nil: undefined }),
      confirm: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reverse' as const), payment: fc.nat({ max: 30 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('leave' as const), family, inDays: fc.integer({ min: 0, max: 10 }), length: fc.integer({ min: 0, max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), family, inDays: fc.integer({ min: 0, max: 45 }) }) },
)
const daysFromStart = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${FIRST_DAY}T00:00:00Z`)) / DAY)
const scenario = fc
  .record({
    variant: fc.nat({ max: VARIANTS.length - 1 }),
    // The treasurer's usual run of each month: from a week before it starts to three weeks in, or
    // (now and then) never; the random steps bill again, early or late, on top.
    monthly: fc.tuple(...MONTHS.map(() => fc.option(fc.integer({ min: -7, max: 20 }), { freq: 6, nil: null }))),
    steps: fc.array(fc.record({ day: fc.integer({ min: 0, max: LAST_DAY_OFFSET }), action }), { minLength: 2, maxLength: 9 }),
  })
  .map(({ variant, monthly, steps }) => {
    const runs: Step[] = MONTHS.flatMap((month, i) => {
      const offset = monthly[i]
      return offset === null || offset === undefined ? [] : [{ day: Math.max(0, daysFromStart(`${month}-01`) + offset), action: { kind: 'bill' as const, month } }]
    })
    // A walk through the term: steps in date order (stable, so same-day steps keep their order).
    return { variant, steps: [...runs, ...steps].sort((a, b) => a.day - b.day) }
  })
type Scenario = { variant: number; steps: Step[] }

// ---- the model ------------------------------------------------------------------------------
interface FamilyModel {
  name: string
  enrollmentId: string
  lowIncome: boolean
  startsOn: string
  withdrawnOn: string | null
  leaves: { from: string; to: string }[]
}
interface ChargeModel {
  enrollmentId: string
  period: string
  amount: number
  waived: number
  days: number
  planDays: number
  /** The billing run that made it. */
  run: number
}
/** A charge made before a withdrawal that left it service days no longer in care, corrected when the withdrawal was recorded. */
interface CorrectionModel {
  enrollmentId: string
  period: string
  /** Fee income given back, and of it the waiver undone. */
  amount: number
  waived: number
  /** The service days still in care. */
  days: number
}
interface PaymentModel {
  id: string
  enrollmentId: string
  amount: number
  method: Method
  paidAt: Date
  reference: string | null
  receiptNo: string
  reversed: boolean
}

class Model {
  families: FamilyModel[]
  charges = new Map<string, ChargeModel>()
  /** By the charge's key: at most one each. */
  corrections = new Map<string, CorrectionModel>()
  payments: PaymentModel[] = []
  /** Successful billing runs: the date of each (China). */
  runs: string[] = []
  receiptSeq = new Map<number, number>()

  constructor(
    readonly variant: Variant,
    readonly calendar: Record<string, string[]>,
    m: MoneyWorld,
  ) {
    this.families = m.families.map((f) => ({
      name: f.name,
      enrollmentId: f.enrollmentId,
      lowIncome: f.name.includes('低保'),
      startsOn: STARTS[f.name] ?? TERM.startsOn,
      withdrawnOn: null,
      leaves: [],
    }))
  }

  inCare(f: FamilyModel, d: string) {
    return f.startsOn <= d && (f.withdrawnOn === null || d < f.withdrawnOn)
  }

  familyDates(f: FamilyModel, month: string) {
    return (this.calendar[month] ?? []).filter((d) => this.inCare(f, d))
  }

  /** The charge a billing run must make now, by the rules of the issue: 0 when not in care on any service day. */
  chargeFor(f: FamilyModel, month: string): { amount: number; days: number; planDays: number } {
    const planDays = this.calendar[month]!.length
    const days = this.familyDates(f, month).length
    if (days === 0) return { amount: 0, days, planDays }
    const amount = this.variant.partialMonth === 'none' || days === planDays ? FEE : Math.floor((FEE * days) / planDays)
    return { amount, days, planDays }
  }

  /** What a correction took off what the family owes for a charge (the fee given back less the waiver undone). */
  correctedNet(key: string) {
    const k = this.corrections.get(key)
    return k ? k.amount - k.waived : 0
  }

  /**
   * A withdrawal was recorded: each charge already made that counted more service days than the
   * family is in care now (the month was billed ahead, or billed whole before care ends in it) is
   * corrected to what billing makes of its days in care now, by the plan's rule at the charge's
   * plan days; the waiver undone in step; never more than the family still owes for it.
   */
  correctAfterWithdrawal(f: FamilyModel) {
    const credited = this.expectedLeaveCredits()
    for (const [key, c] of this.charges) {
      if (c.enrollmentId !== f.enrollmentId || this.corrections.has(key)) continue
      const days = this.familyDates(f, c.period).length
      if (days >= c.days) continue
      const kept = days === 0 ? 0 : this.variant.partialMonth === 'none' || days === c.planDays ? FEE : Math.floor((FEE * days) / c.planDays)
      const keptWaived = c.waived === c.amount ? kept : Math.min(c.waived, kept)
      const undone = c.waived - keptWaived
      const leave = credited.filter((l) => l.enrollmentId === c.enrollmentId && l.period === c.period).reduce((s, l) => s + l.amount, 0)
      const amount = Math.min(c.amount - kept, undone + Math.max(0, c.amount - c.waived - leave))
      if (amount > 0) this.corrections.set(key, { enrollmentId: c.enrollmentId, period: c.period, amount, waived: undone, days })
    }
  }

  /** The leave credit of a family's month: its leave on its service days, by the plan's rule, never more than the month's charge less its waiver and its correction. */
  leaveCreditFor(f: FamilyModel, month: string): { days: number; amount: number } {
    const charge = this.charges.get(`${f.enrollmentId}|${month}`)
    if (!charge) return { days: 0, amount: 0 }
    const dates = this.familyDates(f, month)
    const onLeave = (d: string) => f.leaves.some((l) => l.from <= d && d <= l.to)
    let counted = 0
    const rule = this.variant.leaveCredit
    const min = rule.kind === 'day_rate' ? rule.minConsecutiveDays : 1
    let run = 0
    for (const d of [...dates, null]) {
      if (d !== null && onLeave(d)) {
        run++
        continue
      }
      if (run >= min) counted += run
      run = 0
    }
    const perDay = rule.kind === 'fixed' ? rule.amountFen : Math.floor(FEE / this.calendar[month]!.length)
    return { days: counted, amount: Math.max(0, Math.min(perDay * counted, charge.amount - charge.waived - this.correctedNet(`${f.enrollmentId}|${month}`))) }
  }

  /** Leave credits booked so far: a month's, once a billing run ran after it ended, for the families charged for it by then. */
  expectedLeaveCredits() {
    const out: { enrollmentId: string; period: string; days: number; amount: number }[] = []
    for (const c of this.charges.values()) {
      const booked = this.runs.some((date, i) => i >= c.run && date > lastDayOf(c.period))
      if (!booked) continue
      const f = this.families.find((x) => x.enrollmentId === c.enrollmentId)!
      const credit = this.leaveCreditFor(f, c.period)
      if (credit.amount > 0) out.push({ enrollmentId: c.enrollmentId, period: c.period, ...credit })
    }
    return out
  }

  net(f: FamilyModel) {
    let net = 0
    for (const [key, c] of this.charges) if (c.enrollmentId === f.enrollmentId) net += c.amount - c.waived - this.correctedNet(key)
    for (const l of this.expectedLeaveCredits()) if (l.enrollmentId === f.enrollmentId) net -= l.amount
    for (const p of this.payments) if (p.enrollmentId === f.enrollmentId && !p.reversed) net -= p.amount
    return net
  }

  /**
   * The most a family may pay: what it owes plus the rest of the term at the standard, less what it
   * holds. "The rest of the term" is the months not charged yet that its care overlaps by calendar
   * date; for a family that withdrew, only those with a service day in care (withdrawn from 8
   * October, October's days in care are all holidays: it will never be charged for October).
   */
  mostPayable(f: FamilyModel) {
    let future = 0
    if (!f.lowIncome) {
      for (const m of MONTHS) {
        if (this.charges.has(`${f.enrollmentId}|${m}`)) continue
        if (f.startsOn > `${m}-31` || (f.withdrawnOn !== null && f.withdrawnOn <= `${m}-01`)) continue
        if (f.withdrawnOn !== null && this.familyDates(f, m).length === 0) continue
        future += FEE
      }
    }
    return Math.max(0, this.net(f) + future)
  }

  looksLikeDuplicate(f: FamilyModel, amount: number, method: Method, paidAt: Date, reference: string | null) {
    return this.payments.some(
      (p) =>
        !p.reversed &&
        p.method === method &&
        ((p.enrollmentId === f.enrollmentId && p.amount === amount && Math.abs(p.paidAt.getTime() - paidAt.getTime()) < DAY) || (reference !== null && p.reference === reference)),
    )
  }
}

// ---- one run --------------------------------------------------------------------------------
/** What the runs did, printed at the end, so a reader sees the property was not vacuous. */
const stats = new Map<string, number>()
const count = (what: string) => stats.set(what, (stats.get(what) ?? 0) + 1)
const describe = (s: Step) => `${addDays(FIRST_DAY, s.day)} ${JSON.stringify(s.action)}`

async function runScenario(snapshots: WorldSnapshot<Record<string, string[]>>[], s: Scenario) {
  const snapshot = snapshots[s.variant]!
  const m = await snapshot.fork()
  try {
    const model = new Model(VARIANTS[s.variant]!, snapshot.data, m)
    await checkBooks(m, model, 'the world as built')
    for (const [i, step] of s.steps.entries()) {
      // Same-day steps a few minutes apart; the clock never goes back.
      const target = new Date(`${addDays(FIRST_DAY, step.day)}T09:00:00+08:00`).getTime() + i * 7 * 60_000
      if (target > m.ta.clock.now().getTime()) await m.at(new Date(target).toISOString(), { signIn: 'when-expiring' })
      const label = `step ${i + 1} (${describe(step)})`
      await perform(m, model, step.action, label)
      await checkBooks(m, model, label)
    }
    for (const c of model.charges.values()) if (c.amount < FEE) count('(charges prorated)')
    for (const _ of model.corrections.values()) count('(charges corrected after a withdrawal)')
    for (const _ of model.expectedLeaveCredits()) count('(leave credits booked)')
    for (const f of model.families) if (model.net(f) < 0) count('(families ending with credit)')
    if (model.runs.length === 0) count('(runs without a billing run)')
  } finally {
    await m.close()
  }
}

async function perform(m: ForkedWorld, model: Model, a: Action, label: string) {
  const { ta, w, planId } = m
  const today = chinaDate(ta.clock.now())
  const treasurer = ta.as(w.tokens.treasurer)
  const json = (res: { body: string }) => (res.body ? JSON.parse(res.body) : undefined)

  if (a.kind === 'bill' || a.kind === 'bill-near') {
    const [y, mo] = addDays(today, 7).split('-').map(Number) as [number, number]
    const at = a.kind === 'bill' ? a.month : new Date(Date.UTC(y, mo - 1 + a.monthOffset, 1)).toISOString().slice(0, 7)
    const res = await treasurer.post(`/api/v1/plans/${planId}/billing-runs`, { period: at })
    const body = json(res)
    if (!(MONTHS as readonly string[]).includes(at)) {
      deepEqual([res.statusCode, body.code], [422, 'period-outside-term'], `${label}: a month outside the term is refused`)
      count('bill refused: outside the term')
      return
    }
    const month = at
    const earliest = addDays([`${month}-01`, TERM.startsOn].sort()[1]!, -7)
    if (today < earliest) {
      deepEqual([res.statusCode, body.code], [422, 'billing-too-early'], `${label}: billing more than a week ahead is refused`)
      count('bill refused: too early')
      return
    }
    equal(res.statusCode, 201, `${label}: ${res.body}`)
    const run = model.runs.length
    let charged = 0
    let total = 0
    let waived = 0
    let notInCare = 0
    let already = 0
    for (const f of model.families) {
      if (model.charges.has(`${f.enrollmentId}|${month}`)) {
        already++
        continue
      }
      const c = model.chargeFor(f, month)
      if (c.amount === 0) {
        notInCare++
        continue
      }
      const wv = f.lowIncome ? c.amount : 0
      model.charges.set(`${f.enrollmentId}|${month}`, { enrollmentId: f.enrollmentId, period: month, amount: c.amount, waived: wv, days: c.days, planDays: c.planDays, run })
      charged++
      total += c.amount
      waived += wv
    }
    model.runs.push(today)
    count(charged > 0 ? 'bill: charged' : 'bill: nobody new to charge')
    deepEqual(
      { charged: body.charged, alreadyCharged: body.alreadyCharged, notInCare: body.notInCare, totalFen: body.totalFen, waivedFen: body.waivedFen },
      { charged, alreadyCharged: already, notInCare, totalFen: total, waivedFen: waived },
      `${label}: the run charges each family in care once, at the standard or its share of it`,
    )
    deepEqual(body.withdrawalCorrections, { charges: 0, totalFen: 0, waivedFen: 0 }, `${label}: the withdrawals corrected their charges already; a run has none left`)
    return
  }

  if (a.kind === 'pay') {
    const f = model.families[a.family]!
    const url = `/api/v1/committees/${w.committeeId}/payments`
    const paidAt = new Date(ta.clock.now().getTime() - a.minutesAgo * 60_000)
    const base = { enrollmentId: f.enrollmentId, method: a.method, paidAt: chinaIso(paidAt) }
    // Ask for the most it may pay by offering far too much: refused whole, with the most it can be.
    const probe = await treasurer.post(url, { ...base, amountFen: 1_000_000_000_000 })
    const refusal = json(probe)
    deepEqual([probe.statusCode, refusal.code], [422, 'payment-exceeds-term'], `${label}: a payment beyond the term is refused`)
    const most = Number(/^at most (\d+)$/.exec(refusal.errors[0].message)![1])
    equal(most, model.mostPayable(f), `${label}: the most ${f.name} may pay is what it owes and the rest of the term at the standard, less what it holds`)
    if (f.lowIncome) equal(most, 0, `${label}: a low-income family pays nothing`)
    if (most === 0) {
      count('pay: nothing payable')
      return
    }
    const amount = Math.max(1, Math.floor((most * a.share) / 100))
    const reference = a.reference ?? null
    const res = await treasurer.post(url, { ...base, amountFen: amount, ...(a.reference ? { reference: a.reference } : {}), ...(a.confirm ? { confirmDuplicate: true } : {}) })
    const body = json(res)
    if (!a.confirm && model.looksLikeDuplicate(f, amount, a.method, paidAt, reference)) {
      deepEqual([res.statusCode, body.code], [409, 'possible-duplicate'], `${label}: a look-alike of a recorded payment needs confirmDuplicate`)
      count('pay refused: possible duplicate')
      return
    }
    equal(res.statusCode, 201, `${label}: ${res.body}`)
    const year = Number(today.slice(0, 4))
    const seq = (model.receiptSeq.get(year) ?? 0) + 1
    model.receiptSeq.set(year, seq)
    equal(body.receiptNo, `${year}-${String(seq).padStart(6, '0')}`, `${label}: the next receipt number of the year`)
    model.payments.push({ id: body.id, enrollmentId: f.enrollmentId, amount, method: a.method, paidAt, reference, receiptNo: body.receiptNo, reversed: false })
    count(amount === most ? 'pay: the most payable' : 'pay: part')
    return
  }

  if (a.kind === 'reverse') {
    if (model.payments.length === 0) {
      count('reverse: no payment yet')
      return
    }
    const p = model.payments[a.payment % model.payments.length]!
    const res = await treasurer.post(`/api/v1/payments/${p.id}/reverse`, { reason: '录入错误，原路退回' })
    if (p.reversed) {
      deepEqual([res.statusCode, json(res).code], [409, 'already-reversed'], `${label}: a payment is reversed once`)
      count('reverse refused: already reversed')
      return
    }
    equal(res.statusCode, 200, `${label}: ${res.body}`)
    equal(json(res).status, 'reversed')
    p.reversed = true
    count('reverse')
    return
  }

  if (a.kind === 'leave') {
    const f = model.families[a.family]!
    const from = addDays(today, a.inDays)
    const to = addDays(from, a.length)
    const token = m.families[a.family]!.token
    const res = await ta.as(token).post(`/api/v1/enrollments/${f.enrollmentId}/leave`, { from, to, reason: '病假' })
    const serviceDays = MONTHS.flatMap((mo) => model.calendar[mo]!).filter((d) => from <= d && d <= to)
    const expected: [number, string] | null =
      !model.inCare(f, from) || !model.inCare(f, to)
        ? [422, 'not-enrolled-on-date']
        : to > TERM.endsOn
          ? [422, 'outside-term']
          : serviceDays.length === 0
            ? [422, 'no-service-day']
            : f.leaves.some((l) => l.from <= to && l.to >= from)
              ? [409, 'leave-overlaps']
              : null
    if (expected) {
      deepEqual([res.statusCode, json(res).code], expected, `${label}: leave refused`)
      count(`leave refused: ${expected[1]}`)
      return
    }
    equal(res.statusCode, 201, `${label}: ${res.body}`)
    f.leaves.push({ from, to })
    count('leave')
    return
  }

  const f = model.families[a.family]!
  const effectiveOn = addDays(today, a.inDays)
  const res = await ta.as(m.families[a.family]!.token).post(`/api/v1/enrollments/${f.enrollmentId}/withdraw`, { effectiveOn, reason: '转学' })
  const expected: [number, string] | null =
    f.withdrawnOn !== null ? [409, 'already-withdrawn'] : effectiveOn < f.startsOn || effectiveOn > TERM.endsOn ? [422, 'withdraw-date-invalid'] : null
  if (expected) {
    deepEqual([res.statusCode, json(res).code], expected, `${label}: withdrawal refused`)
    count(`withdraw refused: ${expected[1]}`)
    return
  }
  equal(res.statusCode, 200, `${label}: ${res.body}`)
  f.withdrawnOn = effectiveOn
  const before = model.corrections.size
  model.correctAfterWithdrawal(f)
  count(model.corrections.size > before ? 'withdraw: charges billed ahead corrected' : 'withdraw')
}

// ---- the books, checked after every step -----------------------------------------------------
async function checkBooks(m: ForkedWorld, model: Model, label: string) {
  const { ta, w, planId } = m
  const db = ta.db

  // Every journal entry sums to zero and has at least two lines; no entry without lines.
  const unbalanced = await db
    .selectFrom('journal_lines')
    .select(['entry_id', sql<number>`sum(amount_fen)::bigint`.as('total'), sql<number>`count(*)::int`.as('lines')])
    .groupBy('entry_id')
    .having((eb) => eb.or([eb(sql`sum(amount_fen)`, '<>', 0), eb(sql`count(*)`, '<', 2)]))
    .execute()
  deepEqual(unbalanced, [], `${label}: every journal entry sums to zero`)
  const bare = await db
    .selectFrom('journal_entries as e')
    .select('e.id')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('journal_lines as l').select('l.entry_id').whereRef('l.entry_id', '=', 'e.id'))))
    .execute()
  deepEqual(bare, [], `${label}: no entry without lines`)

  // The tables, and each family's balance counted from them.
  const charges = await db.selectFrom('charges').selectAll().where('plan_id', '=', planId).execute()
  const credits = await db.selectFrom('leave_credits').selectAll().where('plan_id', '=', planId).execute()
  const corrected = await db
    .selectFrom('charge_corrections as k')
    .innerJoin('charges as c', 'c.id', 'k.charge_id')
    .select(['k.enrollment_id', 'c.period', 'k.amount_fen', 'k.waived_fen', 'k.service_days', 'k.reason'])
    .where('k.plan_id', '=', planId)
    .execute()
  const payments = await db.selectFrom('payments').selectAll().where('plan_id', '=', planId).execute()
  const reversed = new Set((await db.selectFrom('payment_reversals').select('payment_id').execute()).map((r) => r.payment_id))
  const positions = new Map(
    (
      await db
        .selectFrom('journal_lines')
        .select([
          'enrollment_id',
          sql<number>`coalesce(sum(amount_fen) FILTER (WHERE account = 'receivable'), 0)::bigint`.as('receivable'),
          sql<number>`coalesce(-sum(amount_fen) FILTER (WHERE account = 'family_credit'), 0)::bigint`.as('held'),
        ])
        .where('plan_id', '=', planId)
        .where('enrollment_id', 'is not', null)
        .groupBy('enrollment_id')
        .execute()
    ).map((r) => [r.enrollment_id!, r]),
  )

  // What was written is what the rules say should be.
  const key = (x: { enrollmentId: string; period: string }) => `${x.enrollmentId}|${x.period}`
  const sortBy = <X>(xs: X[], k: (x: X) => string) => [...xs].sort((a, b) => (k(a) < k(b) ? -1 : k(a) > k(b) ? 1 : 0))
  deepEqual(
    sortBy(
      charges.map((c) => ({
        enrollmentId: c.enrollment_id,
        period: c.period,
        standard: c.standard_fen,
        amount: c.amount_fen,
        waived: c.waived_fen,
        days: c.service_days,
        planDays: c.plan_service_days,
        rule: c.partial_month,
      })),
      key,
    ),
    sortBy(
      [...model.charges.values()].map((c) => ({
        enrollmentId: c.enrollmentId,
        period: c.period,
        standard: FEE,
        amount: c.amount,
        waived: c.waived,
        days: c.days,
        planDays: c.planDays,
        rule: model.variant.partialMonth,
      })),
      key,
    ),
    `${label}: the charges are the rules' charges`,
  )
  for (const c of charges) ok(c.amount_fen <= c.standard_fen && c.standard_fen === FEE, `${label}: no charge above the approved standard`)
  deepEqual(
    sortBy(
      credits.map((l) => ({ enrollmentId: l.enrollment_id, period: l.period, days: l.leave_days, amount: l.amount_fen })),
      key,
    ),
    sortBy(model.expectedLeaveCredits(), key),
    `${label}: leave credits booked once each month has ended, by the plan's rule, capped by the month's charge less its waiver`,
  )
  for (const l of credits) ok(chinaDate(l.created_at) > lastDayOf(l.period), `${label}: a leave credit is booked after its month ended`)
  deepEqual(
    sortBy(
      corrected.map((k) => ({ enrollmentId: k.enrollment_id, period: k.period, amount: k.amount_fen, waived: k.waived_fen, days: k.service_days, reason: k.reason })),
      key,
    ),
    sortBy(
      [...model.corrections.values()].map((k) => ({ ...k, reason: 'withdrawal' })),
      key,
    ),
    `${label}: charges billed before a withdrawal for days no longer in care are corrected, once each, by the plan's rule`,
  )
  deepEqual(
    sortBy(
      payments.map((p) => ({ id: p.id, amount: p.amount_fen, method: p.method, reversed: reversed.has(p.id), receiptNo: p.receipt_no })),
      (p) => p.receiptNo,
    ),
    sortBy(
      model.payments.map((p) => ({ id: p.id, amount: p.amount, method: p.method, reversed: p.reversed, receiptNo: p.receiptNo })),
      (p) => p.receiptNo,
    ),
    `${label}: the payments recorded, and those reversed`,
  )
  // Receipt numbers: per year 1, 2, 3… with no gap and no duplicate.
  const seqs = new Map<number, number[]>()
  for (const p of payments) seqs.set(p.receipt_year, [...(seqs.get(p.receipt_year) ?? []), p.receipt_seq])
  for (const [year, s] of seqs)
    deepEqual(
      s.sort((a, b) => a - b),
      s.map((_, i) => i + 1),
      `${label}: receipts of ${year} numbered without gaps`,
    )

  let owedTotal = 0
  let heldTotal = 0
  for (const [i, f] of model.families.entries()) {
    const fromTables =
      charges.filter((c) => c.enrollment_id === f.enrollmentId).reduce((s, c) => s + c.amount_fen - c.waived_fen, 0) -
      credits.filter((l) => l.enrollment_id === f.enrollmentId).reduce((s, l) => s + l.amount_fen, 0) -
      corrected.filter((k) => k.enrollment_id === f.enrollmentId).reduce((s, k) => s + k.amount_fen - k.waived_fen, 0) -
      payments.filter((p) => p.enrollment_id === f.enrollmentId && !reversed.has(p.id)).reduce((s, p) => s + p.amount_fen, 0)
    equal(fromTables, model.net(f), `${label}: ${f.name}'s balance from the tables is the model's`)
    const res = await ta.as(m.families[i]!.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`)
    equal(res.statusCode, 200, `${label}: ${res.body}`)
    const account = JSON.parse(res.body)
    const ledger = positions.get(f.enrollmentId) ?? { receivable: 0, held: 0 }
    equal(account.balance.netFen, fromTables, `${label}: ${f.name}'s account balance is charges − waivers − leave credits − corrections − payments`)
    equal(ledger.receivable - ledger.held, fromTables, `${label}: ${f.name}'s ledger receivable less credit is the same`)
    deepEqual([account.balance.owesFen, account.balance.creditFen], [ledger.receivable, ledger.held], `${label}: the account shows the ledger`)
    ok(ledger.receivable >= 0 && ledger.held >= 0 && !(ledger.receivable > 0 && ledger.held > 0), `${label}: ${f.name} owes or holds, never both, never below 0`)
    if (f.lowIncome) {
      deepEqual([account.balance.owesFen, account.balance.creditFen], [0, 0], `${label}: the low-income family owes 0`)
      for (const c of account.charges) equal(c.netFen, 0, `${label}: the low-income family owes 0 for ${c.period}`)
    }
    owedTotal += ledger.receivable
    heldTotal += ledger.held
  }

  // The trial balance is zero, and each account is what the tables say it must be.
  const tb = await ta.as(w.tokens.auditor).get(`/api/v1/plans/${planId}/trial-balance`)
  equal(tb.statusCode, 200, `${label}: ${tb.body}`)
  const trial = JSON.parse(tb.body)
  deepEqual([trial.totalFen, trial.balanced, trial.unbalancedEntries], [0, true, []], `${label}: the trial balance is zero`)
  const balances: Record<string, number> = {}
  for (const a of trial.accounts) balances[a.account] = (balances[a.account] ?? 0) + a.balanceFen
  const live = payments.filter((p) => !reversed.has(p.id))
  const expected: Record<string, number> = {
    receivable: owedTotal,
    family_credit: -heldTotal,
    fee_income: -charges.reduce((s, c) => s + c.amount_fen, 0) + corrected.reduce((s, k) => s + k.amount_fen, 0),
    waivers: charges.reduce((s, c) => s + c.waived_fen, 0) - corrected.reduce((s, k) => s + k.waived_fen, 0),
    leave_credits: credits.reduce((s, l) => s + l.amount_fen, 0),
  }
  for (const method of METHODS) expected[`cash:${method}`] = live.filter((p) => p.method === method).reduce((s, p) => s + p.amount_fen, 0)
  deepEqual(
    Object.fromEntries(Object.entries(balances).filter(([, v]) => v !== 0)),
    Object.fromEntries(Object.entries(expected).filter(([, v]) => v !== 0)),
    `${label}: every account's balance`,
  )
}

t.test('random terms of billing, payments, reversals, leave and withdrawals keep the books whole', async (t) => {
  const started = Date.now()
  const snapshots: WorldSnapshot<Record<string, string[]>>[] = []
  for (const [i, v] of VARIANTS.entries()) {
    snapshots.push(
      await moneyWorldSnapshot(t, { students: STUDENTS, startsOn: STARTS, plan: { partialMonth: v.partialMonth, leaveCredit: v.leaveCredit }, prefix: `p${i}` }, async (m) => {
        const calendar: Record<string, string[]> = {}
        for (const month of MONTHS) {
          const res = await m.ta.as(m.w.tokens.chair).get(`/api/v1/plans/${m.planId}/calendar?month=${month}`)
          calendar[month] = JSON.parse(res.body)
            .days.filter((d: { isServiceDay: boolean }) => d.isServiceDay)
            .map((d: { date: string }) => d.date)
        }
        return calendar
      }),
    )
  }
  t.equal(snapshots[0]!.data['2026-09']!.length, 22, 'the calendar the model counts from: 22 service days in September 2026')
  t.comment(`two worlds built in ${Date.now() - started} ms`)
  try {
    await fc.assert(
      fc.asyncProperty(scenario, (s) => runScenario(snapshots, s)),
      { seed: SEED, numRuns: RUNS, endOnFailure: !SHRINK },
    )
    t.pass(`${RUNS} runs hold, seed ${SEED}`)
  } catch (e) {
    t.comment(`fast-check failed with seed ${SEED}: FC_SEED=${SEED} replays it, FC_SHRINK=1 shrinks it`)
    throw e
  }
  t.comment(`${RUNS} runs in ${Date.now() - started} ms`)
  t.comment(`steps: ${[...stats].map(([k, v]) => `${k} ${v}`).join('; ')}`)
})
