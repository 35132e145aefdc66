// Hiring contracts (聘用协议): drawn up by the chair for one staff member and one approved plan,
// within the plan's term, only for someone whose vetting is complete. Everything the PDF prints
// is frozen in the contract when it is drawn up, so every reading and both signatures are of the
// same bytes.
import { createHash, randomUUID } from 'node:crypto'
import { INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PlanSchedule } from '../../db/schema.js'
import { Conflict, NotFound, RuleViolation } from '../../errors.js'
import { paginate } from '../../http/pagination.js'
import type { Weekday } from '../../pdf/format.js'
import { type HiringContractData, renderHiringContract } from '../../pdf/hiring-contract.js'
import { requireUser } from '../accounts/service.js'
import { recordAudit } from '../audit/service.js'
import { getPlanForService, getPlanVersionForService } from '../plans/service.js'
import { type CommitteeRef, getCommitteeRef, getSchoolRef, loadCommittee, requireTerm } from '../schools/service.js'
import { CONTRACT_READERS, type ContractRecords, contractOut, contractOutOf, factsOf, loadContract, recordsOf } from './contract-access.js'
import { coverage, fullySignedOn } from './contract-status.js'
import * as repo from './repository.js'
import type { CreateContractInput } from './schemas.js'
import { vettingOn } from './vetting.js'

export const sha256 = (bytes: Buffer | Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** The terms a new contract (or a renewal) is drawn up with. */
export type ContractDraft = Omit<CreateContractInput, 'payDay'> & { payDay: number }

export function refuseUnvetted(problems: string[], doing: string): never {
  throw new RuleViolation('vetting-incomplete', `Cannot ${doing}: ${problems.join('; ')}`, [{ path: 'body.staffId', message: problems.join('; ') }])
}

/**
 * Draws up a contract in an open transaction: the chair's own request (createContract) and a
 * renewal (the renewal module, with the decision it follows) both end here.
 */
export async function draftContract(
  trx: Trx,
  ctx: Ctx,
  committee: CommitteeRef,
  input: ContractDraft,
  renewal: { renewsContractId: string; renewalDecisionId: string } | null = null,
): Promise<ReturnType<typeof contractOut>> {
  const staff = await repo.staffById(trx, committee.id, input.staffId)
  if (!staff) throw new NotFound('staff', `Staff ${input.staffId} not found at this committee`)
  await repo.lockStaffRow(trx, committee.id, staff.id)
  const plan = await getPlanForService(trx, input.planId)
  if (!plan || plan.committeeId !== committee.id) throw new NotFound('plan', `Plan ${input.planId} not found at this committee`)
  if (!plan.approvedVersion) throw new RuleViolation('plan-not-approved', 'Staff are hired for a plan the school has approved', [{ path: 'body.planId', message: 'not approved' }])
  const today = chinaToday(ctx)
  if (input.endsOn < input.startsOn)
    throw new RuleViolation('contract-dates', `The contract ends (${input.endsOn}) before it starts (${input.startsOn})`, [{ path: 'body.endsOn', message: 'before startsOn' }])
  if (input.startsOn < plan.termStartsOn || input.endsOn > plan.termEndsOn)
    throw new RuleViolation('contract-outside-term', `A contract lies within the plan's term, ${plan.termStartsOn} to ${plan.termEndsOn}`, [
      { path: input.startsOn < plan.termStartsOn ? 'body.startsOn' : 'body.endsOn', message: `must be within ${plan.termStartsOn}–${plan.termEndsOn}` },
    ])
  if (input.startsOn < today)
    throw new RuleViolation('contract-start-in-past', `A contract starts today (${today}) or later: nobody is hired backwards`, [
      { path: 'body.startsOn', message: `must be ${today} or later` },
    ])
  const vetting = await vettingOn(trx, staff, today)
  if (!vetting.ok) refuseUnvetted(vetting.problems, `hire ${staff.name}`)
  await refuseOverlap(trx, staff.id, plan.id, { from: input.startsOn, to: input.endsOn })

  const representative = await requireUser(trx, ctx.actor.userId)
  const phone = input.committeePhone ?? representative.phone
  if (!phone)
    throw new RuleViolation('committee-phone-missing', "The contract prints 甲方's phone: give committeePhone (the chair's account has none)", [
      { path: 'body.committeePhone', message: 'required' },
    ])
  const version = await getPlanVersionForService(trx, plan.id, plan.approvedVersion.version)
  const schedule = version.schedule as PlanSchedule & { place?: string }
  const term = await requireTerm(trx, plan.schoolId, plan.termId)
  const school = await getSchoolRef(trx, plan.schoolId)
  const id = randomUUID()
  const contractNo = `JW-HT-${today.slice(0, 4)}-${String(await repo.nextContractNumber(trx)).padStart(6, '0')}`
  const background = vetting.background.check!
  const health = vetting.health.check!
  const document: HiringContractData = {
    contractNo,
    contractId: id,
    school: { name: school.name },
    committee: { name: committee.name, phone, representative: { name: representative.name, title: '家长委员会主任' } },
    staff: { name: staff.name, phone: staff.phone, kind: staff.kind },
    role: input.role,
    duties: input.duties,
    plan: { title: version.title, schedule: { weekdays: schedule.weekdays as Weekday[], startTime: schedule.startTime, endTime: schedule.endTime, place: schedule.place ?? null } },
    term: { name: term.name },
    pay: { type: input.payType, rateFen: input.rateFen, payDay: input.payDay },
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    backgroundCheck: { certificateNo: background.certificate_no, issuedOn: background.issued_on, verifiedBy: background.verified_by!, verifiedOn: background.verified_on! },
    healthCertificate: { certificateNo: health.certificate_no, issuedOn: health.issued_on },
    qualifications: staff.qualifications.length ? staff.qualifications.join('、') : null,
  }
  const row = await repo.insertContract(
    trx,
    {
      id,
      committeeId: committee.id,
      planId: plan.id,
      staffId: staff.id,
      contractNo,
      role: input.role,
      duties: input.duties,
      payType: input.payType,
      rateFen: input.rateFen,
      payDay: input.payDay,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      representativeUserId: representative.id,
      document,
      renewsContractId: renewal?.renewsContractId ?? null,
      renewalDecisionId: renewal?.renewalDecisionId ?? null,
      createdBy: ctx.actor.userId,
    },
    ctx.now,
  )
  await recordAudit(trx, ctx, {
    action: renewal ? 'contract.renewed' : 'contract.created',
    entityType: 'contract',
    entityId: row.id,
    data: { committeeId: committee.id, planId: plan.id, staffId: staff.id, contractNo, payType: input.payType, rateFen: input.rateFen, ...(renewal ?? {}) },
  })
  return contractOutOf(trx, row, staff.name, ctx)
}

/** The days a contract holds against another: what it covers once fully signed; its whole span while only one party has signed. */
function heldSpan(c: repo.ContractRow, r: ContractRecords): { from: string; to: string } | null {
  if (r.signatures.length === 0) return null
  const facts = factsOf(c, r)
  if (fullySignedOn(facts)) return coverage(facts)
  return r.termination ? null : { from: c.starts_on, to: c.ends_on }
}

/**
 * One person is never under two contracts for the same plan on the same day (they would be paid
 * twice for a session). A draft nobody has signed holds nothing. Call with the staff row locked.
 */
export async function refuseOverlap(trx: Trx, staffId: string, planId: string, span: { from: string; to: string }, except?: string) {
  const others = (await repo.contractsOfStaff(trx, staffId, planId)).filter((c) => c.id !== except)
  const records = await recordsOf(
    trx,
    others.map((c) => c.id),
  )
  for (const c of others) {
    const held = heldSpan(c, records.get(c.id)!)
    if (held && held.from <= span.to && span.from <= held.to)
      throw new Conflict('contract-overlap', `Contract ${c.contract_no} already covers this staff member for this plan from ${held.from} to ${held.to}`)
  }
}

export async function createContract(db: Db, ctx: Ctx, committeeId: string, input: CreateContractInput) {
  return db.transaction().execute(async (trx) => {
    await loadCommittee(trx, ctx, committeeId, { allowed: ['chair'], action: 'draw up a hiring contract' })
    const committee = (await getCommitteeRef(trx, committeeId))!
    return draftContract(trx, ctx, committee, input)
  })
}

export async function getContract(db: Db, ctx: Ctx, contractId: string) {
  const { contract, staff } = await loadContract(db, ctx, contractId, CONTRACT_READERS, 'see this contract')
  return contractOutOf(db, contract, staff.name, ctx)
}

export async function listContracts(
  db: Db,
  ctx: Ctx,
  committeeId: string,
  query: { limit: number; cursor?: string | undefined; staffId?: string | undefined; planId?: string | undefined },
) {
  await loadCommittee(db, ctx, committeeId, { allowed: INSIDERS, action: 'see the hiring contracts' })
  const page = await paginate(repo.contractsQuery(db, committeeId, query), query, { createdAt: 'created_at', id: 'id' })
  return { items: await outAll(db, page.items, ctx), nextCursor: page.nextCursor }
}

/** A staff member's own contracts, with every committee that hired them. */
export async function listMyContracts(db: Db, ctx: Ctx) {
  return { items: await outAll(db, await repo.contractsOfUser(db, ctx.actor.userId), ctx), nextCursor: null }
}

async function outAll(db: Db, rows: repo.ContractRow[], ctx: Ctx) {
  const records = await recordsOf(
    db,
    rows.map((c) => c.id),
  )
  const names = new Map((await repo.namesOf(db, [...new Set(rows.map((c) => c.staff_id))])).map((s) => [s.id, s.name]))
  return rows.map((c) => contractOut(c, names.get(c.staff_id)!, records.get(c.id)!, ctx))
}

/** The unsigned contract, the same bytes on every reading: rendered from the frozen document, dated when it was drawn up. */
export async function unsignedContract(contract: repo.ContractRow) {
  const pdf = await renderHiringContract(contract.document as HiringContractData, { creationDate: contract.created_at })
  return { pdf, sha256: sha256(pdf) }
}

/** Before any signature, the document to read; after, the PDF as last signed, with its certificate pages. */
export async function getContractPdf(db: Db, ctx: Ctx, contractId: string) {
  const { contract } = await loadContract(db, ctx, contractId, CONTRACT_READERS, 'read this contract')
  const signed = await repo.latestSignedPdf(db, contractId)
  if (signed) return { pdf: Buffer.from(signed.signed_pdf), sha256: signed.signed_pdf_sha256, signed: true, contractNo: contract.contract_no }
  return { ...(await unsignedContract(contract)), signed: false, contractNo: contract.contract_no }
}
