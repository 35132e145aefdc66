import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { PaymentMethod } from '../../db/schema.js'
import { transact } from '../../db/transaction.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import { formatYuan } from '../../money.js'
import { renderSubsidyClaim } from '../../pdf/subsidy-claim.js'
import { presentDatesForPlan } from '../attendance/service.js'
import { recordAudit } from '../audit/service.js'
import { familiesOfPlan } from '../enrollment/service.js'
import { cashAccount, lastDayOf, lockFund, postEntries } from '../ledger/service.js'
import { loadPlan } from '../plans/service.js'
import { getCommitteeRef, getSchoolRef, loadCommittee } from '../schools/service.js'
import { familyDates, loadFundContext, planDates } from './fund-context.js'
import * as repo from './repository.js'

/** The committee and the school see subsidy claims: one line per student, for the authority. Never public. */
const CLAIM_READERS = ['admin', 'reviewer', 'chair', 'treasurer', 'auditor', 'member', 'school-finance'] as const

/**
 * The subsidy claim of a plan for a month (e.g. 1 yuan per student per service day): each
 * student's service days while enrolled, or the days they were checked in present, as the plan
 * says, from the one service-day function, × the rate.
 */
export async function getSubsidyClaim(db: Db, ctx: Ctx, planId: string, month: string) {
  const { plan } = await loadPlan(db, ctx, planId, { allowed: CLAIM_READERS, action: 'see the subsidy claim', seenBy: CLAIM_READERS })
  const fc = await loadFundContext(db, planId)
  const rule = fc.approved.subsidy
  if (!rule) throw new RuleViolation('no-subsidy', 'The approved plan claims no subsidy (its version sets no subsidy rate)')
  if (!fc.months.includes(month))
    throw new RuleViolation('period-outside-term', `${month} is not a month of the term`, [{ path: 'querystring.month', message: `one of ${fc.months.join(', ')}` }])
  const families = await familiesOfPlan(db, planId)
  const present = rule.basis === 'attended' ? await presentDatesForPlan(db, planId, `${month}-01`, lastDayOf(month)) : new Map<string, string[]>()
  const students = []
  for (const family of families) {
    const enrolled = familyDates(fc, family, [month])
    const days = rule.basis === 'enrolled' ? enrolled.length : (present.get(family.enrollmentId) ?? []).filter((d) => enrolled.includes(d)).length
    if (days === 0) continue
    students.push({
      enrollmentId: family.enrollmentId,
      name: family.student.name,
      className: family.student.className,
      studentNo: family.student.studentNo,
      days,
      amountFen: rule.ratePerDayFen * days,
    })
  }
  students.sort((a, b) => a.className.localeCompare(b.className) || (a.studentNo ?? '').localeCompare(b.studentNo ?? '') || a.name.localeCompare(b.name))
  const totalFen = students.reduce((s, x) => s + x.amountFen, 0)
  const received = await repo.subsidyOf(db, planId, month)
  return {
    planId,
    planTitle: plan.title,
    month,
    ratePerDayFen: rule.ratePerDayFen,
    basis: rule.basis,
    planServiceDays: planDates(fc, [month]).length,
    students,
    studentDays: students.reduce((s, x) => s + x.days, 0),
    totalFen,
    received: received ? { amountFen: received.amount_fen, receivedOn: received.received_on } : null,
  }
}

/** The subsidy arrives: booked against the month's claim, into the plan's fund. */
export async function recordSubsidy(
  db: Db,
  ctx: Ctx,
  committeeId: string,
  input: { planId: string; month: string; amountFen: number; method: PaymentMethod; receivedOn: string; reference?: string | undefined },
) {
  const { hats } = await loadCommittee(db, ctx, committeeId, { allowed: ['treasurer', 'school-finance'], action: 'record a subsidy' })
  const claim = await getSubsidyClaim(db, ctx, input.planId, input.month)
  const fc = await loadFundContext(db, input.planId)
  if (fc.committeeId !== committeeId)
    throw new RuleViolation('plan-of-another-committee', 'The plan belongs to another committee', [{ path: 'body.planId', message: 'not this committee’s' }])
  const collector = fc.approved.collector === 'school' ? 'school-finance' : 'treasurer'
  if (!hats.has(collector)) throw new Forbidden(`This plan's money is collected by the ${collector === 'treasurer' ? "committee's treasurer" : "school's finance office"}`)
  if (input.receivedOn > chinaToday(ctx))
    throw new RuleViolation('date-in-future', 'The subsidy cannot be received in the future', [{ path: 'body.receivedOn', message: 'in the future' }])
  if (input.amountFen > claim.totalFen) {
    throw new RuleViolation('subsidy-above-claim', `The claim for ${input.month} is ${formatYuan(claim.totalFen)} yuan; ${formatYuan(input.amountFen)} is more than was claimed`, [
      { path: 'body.amountFen', message: `at most ${claim.totalFen}` },
    ])
  }
  return transact(db, async (trx) => {
    const lock = await lockFund(trx, committeeId, input.planId, ctx.now)
    if (await repo.subsidyOf(trx, input.planId, input.month)) throw new Conflict('subsidy-already-recorded', `The subsidy for ${input.month} is already recorded`)
    const [entry] = await postEntries(trx, ctx, lock, [
      {
        entryDate: input.receivedOn,
        sourceType: 'subsidy',
        description: `${input.month} 财政补贴（${claim.studentDays} 人次 × ${formatYuan(claim.ratePerDayFen)} 元）`,
        lines: [
          { account: cashAccount(input.method), amountFen: input.amountFen },
          { account: 'subsidy_income', amountFen: -input.amountFen },
        ],
      },
    ])
    const row = await repo.insertSubsidy(
      trx,
      {
        committeeId,
        planId: input.planId,
        period: input.month,
        amountFen: input.amountFen,
        claimedFen: claim.totalFen,
        method: input.method,
        receivedOn: input.receivedOn,
        reference: input.reference ?? null,
        recordedBy: ctx.actor.userId,
        entryId: entry!.id,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'subsidy.recorded',
      entityType: 'plan',
      entityId: input.planId,
      data: { month: input.month, amountFen: input.amountFen, claimedFen: claim.totalFen },
    })
    return {
      id: row.id,
      planId: input.planId,
      month: input.month,
      amountFen: row.amount_fen,
      claimedFen: row.claimed_fen,
      method: row.method,
      receivedOn: row.received_on,
      reference: row.reference,
      entryId: entry!.id,
      bookedIn: entry!.period,
    }
  })
}

/** The claim as the authority receives it: a PDF with one line per student. */
export async function getSubsidyClaimPdf(db: Db, ctx: Ctx, planId: string, month: string) {
  const c = await getSubsidyClaim(db, ctx, planId, month)
  const fc = await loadFundContext(db, planId)
  const committee = (await getCommitteeRef(db, fc.committeeId))!
  const school = await getSchoolRef(db, fc.schoolId)
  return renderSubsidyClaim(
    {
      claimNo: `BT-${month}-${planId.slice(0, 8).toUpperCase()}`,
      school: { name: school.name },
      committee: { name: committee.name },
      plan: { title: c.planTitle },
      term: { name: `${fc.termStartsOn} 至 ${fc.termEndsOn}` },
      month,
      ratePerDayFen: c.ratePerDayFen,
      basis: c.basis,
      serviceDays: c.planServiceDays,
      students: c.students.map((s) => ({ name: s.name, className: s.className, studentNo: s.studentNo, days: s.days })),
      preparedBy: { name: ctx.actor.name, phone: '—' },
    },
    { creationDate: ctx.now },
  )
}
