import type { BudgetLine, PlanSchedule } from '../../db/schema.js'
import { RuleViolation } from '../../errors.js'

/**
 * The school's care-hours policy, the one place it is written down. Local rules for
 * committee-run care say: care runs on school days only (Monday–Friday); it starts when lessons
 * end; it lasts at least until parents finish work (no earlier than 18:00) so care actually
 * solves the pick-up problem; and evening study (晚自习, 18:30–21:30) is the latest any school
 * keeps students. One constant for every school until schools ask to set their own window; when
 * they do, this becomes a per-school row with these values as the default.
 */
export const SCHOOL_POLICY_WINDOW = {
  weekdays: [1, 2, 3, 4, 5],
  earliestStart: '15:30',
  endsNoEarlierThan: '18:00',
  latestEnd: '21:30',
} as const

type Issue = { path: string; message: string }

/** Where a schedule breaks the policy window; empty when it fits. HH:MM strings compare as times. */
export function scheduleIssues(schedule: PlanSchedule): Issue[] {
  const w = SCHOOL_POLICY_WINDOW
  const issues: Issue[] = []
  const outside = schedule.weekdays.filter((d) => !(w.weekdays as readonly number[]).includes(d))
  if (outside.length > 0) issues.push({ path: 'body.schedule.weekdays', message: `care runs Monday–Friday only (1–5); not ${outside.join(', ')}` })
  if (schedule.startTime < w.earliestStart) issues.push({ path: 'body.schedule.startTime', message: `care starts after lessons, no earlier than ${w.earliestStart}` })
  if (schedule.endTime < w.endsNoEarlierThan) issues.push({ path: 'body.schedule.endTime', message: `care must last until at least ${w.endsNoEarlierThan}` })
  if (schedule.endTime > w.latestEnd) issues.push({ path: 'body.schedule.endTime', message: `care ends by ${w.latestEnd} at the latest (evening study included)` })
  return issues
}

/**
 * The school provides the rooms, water and electricity free (rule 5: "学校要无偿提供校园内教室…承担托管
 * 服务的水、电等后勤保障费用"), so no budget line and no expense is for venue or utilities.
 */
const VENUE_OR_UTILITIES = /场地|场租|租金|房租|租赁费|教室使用|水电|水费|电费|燃气费|物业费|\bvenue\b|\brent\b|utilit|electricity|\bwater\b/i

export function isVenueOrUtilities(text: string): boolean {
  return VENUE_OR_UTILITIES.test(text)
}

function checkBudget(budget: readonly BudgetLine[]): void {
  const issues = budget.flatMap((line, i) =>
    isVenueOrUtilities(line.category) ? [{ path: `body.budget.${i}.category`, message: 'the school provides rooms, water and electricity free' }] : [],
  )
  if (issues.length > 0) {
    throw new RuleViolation(
      'venue-or-utilities',
      `The school provides the rooms, water and electricity free (rule 5): no budget line for venue or utilities (${budget
        .filter((l) => isVenueOrUtilities(l.category))
        .map((l) => l.category)
        .join(', ')})`,
      issues,
    )
  }
}

/** The rules a plan's own fields must keep together, checked on create, on every edit and at submission. */
export function checkPlanRules(plan: { schedule: PlanSchedule; capacity: number; expectedParticipants: number; budget: readonly BudgetLine[] }): void {
  checkBudget(plan.budget)
  const issues = scheduleIssues(plan.schedule)
  if (issues.length > 0) {
    const w = SCHOOL_POLICY_WINDOW
    throw new RuleViolation(
      'schedule-outside-policy',
      `The schedule is outside the school's policy window (Monday–Friday, from ${w.earliestStart}, until at least ${w.endsNoEarlierThan}, ending by ${w.latestEnd}): ${issues.map((i) => i.message).join('; ')}`,
      issues,
    )
  }
  if (plan.expectedParticipants > plan.capacity) {
    throw new RuleViolation(
      'expected-over-capacity',
      `The budget is shared among ${plan.expectedParticipants} expected participants but the plan has only ${plan.capacity} places; the cost per student would be understated`,
      [{ path: 'body.expectedParticipants', message: `must not exceed capacity (${plan.capacity})` }],
    )
  }
}
