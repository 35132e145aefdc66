import type { PlanSchedule } from '../../db/schema.js'
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

/** The rules a plan's own fields must keep together, checked on create and on every edit. */
export function checkPlanRules(plan: { schedule: PlanSchedule; capacity: number; expectedParticipants: number }): void {
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
