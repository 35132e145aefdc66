// End of day: the staff on duty close the session. A child still checked in at closing was
// never handed over, so the closing opens an incident the chair must acknowledge.
import { INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { IncidentStudent } from '../../db/schema.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { recordAudit } from '../audit/service.js'
import { loadPlanCalendar, requireServiceDay } from '../calendar/plan-calendar.js'
import { enrollmentsOnDay } from '../enrollment/for-attendance.js'
import { authorizeCommitteeRecord, loadCommittee } from '../schools/service.js'
import { authorizeSessionWrite, requireRelation, sessionAccess } from './access.js'
import * as repo from './repository.js'

interface IncidentRow {
  id: string
  committee_id: string
  plan_id: string
  service_date: string
  kind: 'not_checked_out'
  students: IncidentStudent[]
  created_at: Date
  acknowledged_by?: string | null
  note?: string | null
  acknowledged_at?: Date | null
}

const incidentOut = (i: IncidentRow) => ({
  id: i.id,
  committeeId: i.committee_id,
  planId: i.plan_id,
  date: i.service_date,
  kind: i.kind,
  students: i.students,
  createdAt: i.created_at,
  acknowledgement: i.acknowledged_by && i.acknowledged_at ? { by: i.acknowledged_by, note: i.note ?? '', at: i.acknowledged_at } : null,
})

export async function closeSession(db: Db, ctx: Ctx, planId: string, date: string) {
  return db.transaction().execute(async (trx) => {
    const access = await sessionAccess(trx, ctx, planId, date)
    requireRelation(access)
    requireServiceDay(await loadPlanCalendar(trx, access.plan), date)
    authorizeSessionWrite(access, 'close the session', ['chair'])
    if (await repo.closedSession(trx, planId, date)) throw new Conflict('session-closed', `The session of ${date} is already closed`)
    if (date > chinaToday(ctx)) throw new RuleViolation('session-not-held-yet', `The session of ${date} has not taken place yet`, [{ path: 'date', message: 'in the future' }])

    const enrollments = await enrollmentsOnDay(trx, planId, date)
    const records = await repo.effectiveAttendance(trx, planId, date)
    const checkedOut = new Set(records.filter((r) => r.kind === 'check_out').map((r) => r.enrollment_id))
    const presentAt = new Map(records.filter((r) => r.kind === 'check_in' && r.status === 'present').map((r) => [r.enrollment_id, r.at]))
    const recorded = new Set(records.filter((r) => r.kind === 'check_in').map((r) => r.enrollment_id))
    const stillIn: IncidentStudent[] = enrollments
      .filter((e) => presentAt.has(e.id) && !checkedOut.has(e.id))
      .map((e) => ({ enrollmentId: e.id, name: e.student.name, className: e.student.className, checkedInAt: presentAt.get(e.id)!.toISOString() }))

    const session = await repo.insertSession(trx, { planId, date, closedBy: ctx.actor.userId }, ctx.now)
    let incident: ReturnType<typeof incidentOut> | null = null
    if (stillIn.length > 0) {
      const row = await repo.insertIncident(trx, { committeeId: access.plan.committeeId, planId, date, students: stillIn }, ctx.now)
      incident = incidentOut(row)
      await recordAudit(trx, ctx, { action: 'incident.opened', entityType: 'incident', entityId: row.id, data: { planId, date, students: stillIn.map((s) => s.enrollmentId) } })
    }
    await recordAudit(trx, ctx, { action: 'session.closed', entityType: 'plan', entityId: planId, data: { date, stillCheckedIn: stillIn.length } })
    return {
      planId,
      date,
      closedAt: session.closed_at,
      closedBy: session.closed_by,
      unrecorded: enrollments.filter((e) => !recorded.has(e.id)).length,
      incident,
    }
  })
}

export async function acknowledgeIncident(db: Db, ctx: Ctx, incidentId: string, note: string) {
  return db.transaction().execute(async (trx) => {
    const incident = await repo.incidentById(trx, incidentId)
    const notFound = () => new NotFound('incident', `Incident ${incidentId} not found`)
    if (!incident) throw notFound()
    // Named as the incident, never as its committee: a stranger learns nothing.
    await authorizeCommitteeRecord(trx, ctx, incident.committee_id, { allowed: ['chair'], action: 'acknowledge an incident' }, notFound)
    const done = await repo.acknowledgementOf(trx, incidentId)
    if (done) throw new Conflict('incident-already-acknowledged', `The incident was acknowledged at ${done.acknowledged_at.toISOString()}`)
    const ack = await repo.insertAcknowledgement(trx, { incidentId, by: ctx.actor.userId, note }, ctx.now)
    await recordAudit(trx, ctx, { action: 'incident.acknowledged', entityType: 'incident', entityId: incidentId, data: { note } })
    return incidentOut({ ...incident, acknowledged_by: ack.acknowledged_by, note: ack.note, acknowledged_at: ack.acknowledged_at })
  })
}

export async function listIncidents(db: Db, ctx: Ctx, committeeId: string, query: PageQuery & { open?: boolean | undefined }) {
  await loadCommittee(db, ctx, committeeId, { allowed: INSIDERS, action: 'see incidents' })
  const page = await paginate(repo.incidentsQuery(db, committeeId, query.open), query, { createdAt: 'i.created_at', id: 'i.id' })
  return { items: page.items.map(incidentOut), nextCursor: page.nextCursor }
}
