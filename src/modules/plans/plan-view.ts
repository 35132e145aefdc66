import type { Selectable } from 'kysely'
import type { PlanContent, PlanReviewsTable, PlansTable, PlanVersionsTable } from '../../db/schema.js'
import { costOf } from './cost.js'
import type { Activity } from './schemas.js'

/** Stored content was validated as these activities when written. */
const typed = (c: PlanContent) => c as { activities: Activity[]; description: string }

type PlanRow = Selectable<PlansTable>
type VersionRow = Selectable<PlanVersionsTable>
type ReviewRow = Selectable<PlanReviewsTable>

/** A plan takes applications once a version is approved, and keeps that version in force while a revision is edited. */
export function takesApplications(plan: { status: string; approved_version: number | null }): boolean {
  return plan.approved_version !== null && plan.status !== 'closed'
}

export function moneyTermsOut(p: Pick<PlanRow, 'collector' | 'partial_month' | 'leave_credit' | 'due_days' | 'subsidy'>) {
  return { collector: p.collector, partialMonth: p.partial_month, leaveCredit: p.leave_credit, dueDays: p.due_days, subsidy: p.subsidy }
}

export function planOut(plan: PlanRow, term: { startsOn: string; endsOn: string }) {
  const feeFen = plan.fee_fen
  const fields = { budget: plan.budget, expectedParticipants: plan.expected_participants, feeFen, billing: plan.billing }
  return {
    id: plan.id,
    committeeId: plan.committee_id,
    termId: plan.term_id,
    status: plan.status,
    title: plan.title,
    content: typed(plan.content),
    schedule: plan.schedule,
    billing: plan.billing,
    feeFen,
    capacity: plan.capacity,
    budget: plan.budget,
    expectedParticipants: plan.expected_participants,
    refundPolicy: plan.refund_policy,
    ...moneyTermsOut(plan),
    cost: costOf(fields, term),
    demandOpenedAt: plan.demand_opened_at,
    latestVersion: plan.latest_version,
    approvedVersion: plan.approved_version,
    takesApplications: takesApplications(plan),
    createdAt: plan.created_at,
    updatedAt: plan.updated_at,
  }
}

export function versionOut(v: VersionRow, review: ReviewRow | undefined) {
  return {
    planId: v.plan_id,
    version: v.version,
    title: v.title,
    content: typed(v.content),
    schedule: v.schedule,
    billing: v.billing,
    feeFen: v.fee_fen,
    capacity: v.capacity,
    budget: v.budget,
    expectedParticipants: v.expected_participants,
    refundPolicy: v.refund_policy,
    ...moneyTermsOut(v),
    demandCount: v.demand_count,
    demandNeeded: v.demand_needed,
    submittedBy: v.submitted_by,
    submittedAt: v.submitted_at,
    review: review ? { decision: review.decision, comment: review.comment, reviewerId: review.reviewer_id, reviewedAt: review.created_at } : null,
  }
}

const ACTIVITY_LABELS: Record<Activity, string> = {
  homework_help: '作业辅导',
  reading: '自主阅读',
  sports: '体育活动',
  arts: '艺术活动',
  science: '科普活动',
  clubs: '兴趣社团',
}

/** The plan's content as one line of the agreement: "作业辅导、自主阅读。<description>". */
export function contentInWords(content: PlanContent): string {
  const labels = content.activities.map((a) => ACTIVITY_LABELS[a as Activity] ?? a).join('、')
  const description = content.description.trim()
  return description ? `${labels}。${description}` : `${labels}。`
}
