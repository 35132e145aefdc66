// Care staff (托管服务人员): recorded by the committee with their vetting, hired under a signed
// contract (contracts.ts, sign-contract.ts, terminate-contract.ts), put on duty only while both
// hold (isStaffEligibleForDuty, below).
import { authorize, type Hat, hatsForCommittee, INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { type PageQuery, paginate } from '../../http/pagination.js'
import { maskIdentifier } from '../../pdf/format.js'
import { requireUser } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { getCommitteeRef, loadCommittee } from '../schools/service.js'
import { factsOf, recordsOf } from './contract-access.js'
import { covers } from './contract-status.js'
import * as repo from './repository.js'
import type { CreateStaffInput, RecordCheckInput } from './schemas.js'
import { type CheckState, checkMaxAgeMonths, vettingFrom, vettingOn } from './vetting.js'

export { createContract, getContract, getContractPdf, listContracts, listMyContracts } from './contracts.js'
export { type ContractForPay, contractForRenewal, contractsForPay, draftRenewal, isContractOfPlan } from './for-others.js'
export { addProvider, getStaffSettings, listProviders, removeProvider, setStaffSettings } from './providers.js'
export { signContract } from './sign-contract.js'
export { terminateContract } from './terminate-contract.js'
export { verifyContract } from './verify-contract.js'

export type StaffRow = repo.StaffRow

const checkOut = (s: CheckState) => ({
  status: s.status,
  issuedOn: s.check?.issued_on ?? null,
  // The tail only, and less of it the shorter the number: a 4-character number shows nothing.
  certificateNoMasked: s.check ? maskIdentifier(s.check.certificate_no) : null,
  verifiedBy: s.check?.verified_by ?? null,
  verifiedOn: s.check?.verified_on ?? null,
  validUntil: s.validUntil,
})

async function staffOutAll(db: Db | Trx, rows: StaffRow[], at: { now: Date }) {
  if (rows.length === 0) return []
  const today = chinaToday(at)
  const committee = (await getCommitteeRef(db, rows[0]!.committee_id))!
  const months = await checkMaxAgeMonths(db, committee.schoolId)
  const checks = await repo.checksOf(
    db,
    rows.map((s) => s.id),
  )
  const providers = new Map<string, repo.ProviderRow>()
  for (const id of new Set(rows.flatMap((s) => (s.provider_id ? [s.provider_id] : [])))) providers.set(id, (await repo.findProvider(db, id))!)
  return rows.map((s) => {
    const provider = s.provider_id ? providers.get(s.provider_id)! : null
    const v = vettingFrom(s, checks, provider, months, today)
    return {
      id: s.id,
      committeeId: s.committee_id,
      userId: s.user_id,
      name: s.name,
      kind: s.kind,
      phone: s.phone,
      provider: provider ? { id: provider.id, name: provider.name } : null,
      backgroundCheck: checkOut(v.background),
      healthCertificate: checkOut(v.health),
      vetted: v.ok,
      qualifications: s.qualifications,
      createdAt: s.created_at,
    }
  })
}

const staffOut = async (db: Db | Trx, s: StaffRow, at: { now: Date }) => (await staffOutAll(db, [s], at))[0]!

function checkDates(c: { issuedOn: string; verifiedBy?: string | undefined; verifiedOn?: string | undefined }, path: string, today: string) {
  if (c.issuedOn > today)
    throw new RuleViolation('background-check-invalid', `A certificate cannot be issued in the future (${c.issuedOn})`, [{ path: `${path}.issuedOn`, message: 'in the future' }])
  if ((c.verifiedBy === undefined) !== (c.verifiedOn === undefined))
    throw new RuleViolation('verification-incomplete', 'A verification names who saw the original and when', [
      { path: `${path}.verifiedOn`, message: 'give both verifiedBy and verifiedOn' },
    ])
  if (c.verifiedOn !== undefined && (c.verifiedOn > today || c.verifiedOn < c.issuedOn))
    throw new RuleViolation('verification-date-invalid', `A certificate is verified after it is issued and not in the future (${c.verifiedOn})`, [
      { path: `${path}.verifiedOn`, message: `must be between ${c.issuedOn} and ${today}` },
    ])
}

export async function createStaff(db: Db, ctx: Ctx, committeeId: string, input: CreateStaffInput) {
  return db.transaction().execute(async (trx) => {
    const { committee } = await loadCommittee(trx, ctx, committeeId, { allowed: ['chair'], action: 'record care staff' })
    const today = chinaToday(ctx)
    checkDates(input.backgroundCheck, 'body.backgroundCheck', today)
    if (input.healthCertificate) checkDates(input.healthCertificate, 'body.healthCertificate', today)
    if (input.userId) {
      await requireUser(trx, input.userId)
      if (await repo.staffByUser(trx, committeeId, input.userId)) throw new Conflict('staff-user-taken', 'This account already belongs to a staff member of this committee')
    }
    if (input.providerId) {
      const provider = await repo.findProvider(trx, input.providerId)
      if (input.kind !== 'external')
        throw new RuleViolation('provider-for-external-only', 'Only staff of a third-party provider (kind external) name a provider', [
          { path: 'body.providerId', message: 'only for kind external' },
        ])
      if (!provider || provider.school_id !== committee.school_id || (provider.removed_on !== null && provider.removed_on <= today))
        throw new RuleViolation('provider-not-listed', "The provider is not on the school's white list", [{ path: 'body.providerId', message: 'not on the white list' }])
    }
    const row = await repo.insertStaff(
      trx,
      {
        committeeId,
        userId: input.userId ?? null,
        name: input.name,
        kind: input.kind,
        phone: input.phone,
        certificateNo: input.backgroundCheck.certificateNo,
        issuedOn: input.backgroundCheck.issuedOn,
        qualifications: input.qualifications,
        providerId: input.providerId ?? null,
        createdBy: ctx.actor.userId,
      },
      ctx.now,
    )
    for (const [kind, c] of [
      ['background', input.backgroundCheck],
      ['health', input.healthCertificate],
    ] as const) {
      if (!c) continue
      await repo.insertCheck(
        trx,
        {
          staffId: row.id,
          kind,
          certificateNo: c.certificateNo,
          issuedOn: c.issuedOn,
          verifiedBy: c.verifiedBy ?? null,
          verifiedOn: c.verifiedOn ?? null,
          recordedBy: ctx.actor.userId,
        },
        ctx.now,
      )
    }
    await recordAudit(trx, ctx, {
      action: 'staff.created',
      entityType: 'staff',
      entityId: row.id,
      data: { committeeId, name: row.name, kind: row.kind, userId: row.user_id, providerId: row.provider_id, health: Boolean(input.healthCertificate) },
    })
    return staffOut(trx, row, ctx)
  })
}

const staffNotFound = (id: string) => () => new NotFound('staff', `Staff ${id} not found`)

/** A staff member's record: the committee's officers, the school, and the staff member themself ('staff'). */
async function loadStaff(db: Db | Trx, ctx: Ctx, staffId: string, allowed: readonly Hat[], action: string) {
  const staff = await repo.findStaff(db, staffId)
  if (!staff) throw staffNotFound(staffId)()
  const committee = (await getCommitteeRef(db, staff.committee_id))!
  const hats = hatsForCommittee(ctx.actor, { id: committee.id, schoolId: committee.schoolId })
  if (staff.user_id !== null && staff.user_id === ctx.actor.userId) hats.add('staff')
  authorize(hats, { allowed, action, seenBy: [...INSIDERS, 'staff'] }, staffNotFound(staffId))
  return staff
}

export async function getStaff(db: Db, ctx: Ctx, staffId: string) {
  return staffOut(db, await loadStaff(db, ctx, staffId, [...INSIDERS, 'staff'], 'see this staff member'), ctx)
}

/** The chair records a background check or health certificate, and who verified the original. */
export async function recordStaffCheck(db: Db, ctx: Ctx, staffId: string, input: RecordCheckInput) {
  return db.transaction().execute(async (trx) => {
    const staff = await loadStaff(trx, ctx, staffId, ['chair'], 'record a check')
    await repo.lockStaffRow(trx, staff.committee_id, staff.id)
    checkDates(input, 'body', chinaToday(ctx))
    const check = await repo.insertCheck(
      trx,
      {
        staffId,
        kind: input.kind,
        certificateNo: input.certificateNo,
        issuedOn: input.issuedOn,
        verifiedBy: input.verifiedBy ?? null,
        verifiedOn: input.verifiedOn ?? null,
        recordedBy: ctx.actor.userId,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'staff.check-recorded',
      entityType: 'staff',
      entityId: staffId,
      data: { checkId: check.id, kind: input.kind, issuedOn: input.issuedOn, verifiedBy: input.verifiedBy ?? null, verifiedOn: input.verifiedOn ?? null },
    })
    return staffOut(trx, staff, ctx)
  })
}

export async function listStaff(db: Db, ctx: Ctx, committeeId: string, page: PageQuery) {
  await loadCommittee(db, ctx, committeeId, { allowed: INSIDERS, action: 'see the care staff' })
  const result = await paginate(repo.staffQuery(db, committeeId), page, { createdAt: 'created_at', id: 'id' })
  return { items: await staffOutAll(db, result.items, ctx), nextCursor: result.nextCursor }
}

/** The staff record a signed-in user has at a committee, if any: how staff reach the roster. */
export const staffOfUser = (db: Db | Trx, committeeId: string, userId: string): Promise<StaffRow | undefined> => repo.staffByUser(db, committeeId, userId)

export const getStaffOfCommittee = (db: Db | Trx, committeeId: string, staffId: string): Promise<StaffRow | undefined> => repo.staffById(db, committeeId, staffId)

/** Staff of a committee among these ids (others are left out), for surveys that rate them. */
export const staffOfCommittee = (db: Db | Trx, committeeId: string, staffIds: string[]): Promise<StaffRow[]> => repo.staffOfCommittee(db, committeeId, staffIds)

/** Staff names by id, for rosters and duty lists. */
export async function staffNames(db: Db | Trx, staffIds: string[]): Promise<Map<string, string>> {
  return new Map((await repo.namesOf(db, [...new Set(staffIds)])).map((s) => [s.id, s.name]))
}

/**
 * Locks a staff member's row for the rest of the transaction: their sign-ins, sign-outs and
 * corrections run one at a time, so two sessions cannot both see "not on duty elsewhere" and
 * both put them on duty. Returns nothing for someone who is not staff of this committee.
 */
export const lockStaff = (trx: Trx, committeeId: string, staffId: string): Promise<{ id: string } | undefined> => repo.lockStaffRow(trx, committeeId, staffId)

export type DutyEligibility = { eligible: true; staff: StaffRow } | { eligible: false; reason: string }

/**
 * THE rule for who may be put on duty for a plan on `date` (rule 8); duty records are what pay is
 * computed from, so every duty sign-in and sign-out asks here: a staff member of this committee
 * with a hiring contract for this plan, signed by both parties, that covers `date` (started, not
 * ended, not terminated), and on `date` a verified background check and health certificate no
 * older than the school's limit (and, for a provider's staff, a provider still on the school's
 * white list). Change it here only.
 */
export async function isStaffEligibleForDuty(db: Db | Trx, committeeId: string, staffId: string, date: string, planId: string): Promise<DutyEligibility> {
  const staff = await getStaffOfCommittee(db, committeeId, staffId)
  if (!staff) return { eligible: false, reason: 'is not a staff member of this committee' }
  const contracts = await repo.contractsOfStaff(db, staffId, planId)
  const records = await recordsOf(
    db,
    contracts.map((c) => c.id),
  )
  if (!contracts.some((c) => covers(factsOf(c, records.get(c.id)!), date)))
    return { eligible: false, reason: `has no hiring contract for this plan, signed by both parties, covering ${date}` }
  const vetting = await vettingOn(db, staff, date)
  if (!vetting.ok) return { eligible: false, reason: vetting.problems.join('; ') }
  return { eligible: true, staff }
}
