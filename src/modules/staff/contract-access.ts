// Who may see a hiring contract, and how one reads in the API. A contract is seen by the
// committee's officers and the school, and by the staff member it hires (the 'staff' hat);
// anyone else learns nothing (404).
import { authorize, type Hat, hatsForCommittee, INSIDERS } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { getCommitteeRef } from '../schools/service.js'
import { type ContractFacts, coverage, statusOn } from './contract-status.js'
import * as repo from './repository.js'

export const CONTRACT_READERS: readonly Hat[] = [...INSIDERS, 'staff']

export const contractNotFound = (id: string) => () => new NotFound('contract', `Contract ${id} not found`)

export interface LoadedContract {
  contract: repo.ContractRow
  staff: repo.StaffRow
  hats: Set<Hat>
  schoolId: string
}

async function hatsFor(db: Db | Trx, ctx: Ctx, contract: repo.ContractRow) {
  const committee = (await getCommitteeRef(db, contract.committee_id))!
  const staff = (await repo.findStaff(db, contract.staff_id))!
  const hats = hatsForCommittee(ctx.actor, { id: committee.id, schoolId: committee.schoolId })
  if (staff.user_id !== null && staff.user_id === ctx.actor.userId) hats.add('staff')
  return { hats, staff, schoolId: committee.schoolId }
}

export async function loadContract(db: Db | Trx, ctx: Ctx, contractId: string, allowed: readonly Hat[], action: string): Promise<LoadedContract> {
  const contract = await repo.findContract(db, contractId)
  if (!contract) throw contractNotFound(contractId)()
  const { hats, staff, schoolId } = await hatsFor(db, ctx, contract)
  authorize(hats, { allowed, action, seenBy: CONTRACT_READERS }, contractNotFound(contractId))
  return { contract, staff, hats, schoolId }
}

/** The same, with the contract's row locked for the rest of the transaction (signing, termination, renewal). */
export async function loadContractForUpdate(trx: Trx, ctx: Ctx, contractId: string, allowed: readonly Hat[], action: string): Promise<LoadedContract> {
  const loaded = await loadContract(trx, ctx, contractId, allowed, action)
  const contract = await repo.lockContract(trx, contractId)
  if (!contract) throw contractNotFound(contractId)()
  return { ...loaded, contract }
}

export interface ContractRecords {
  signatures: repo.SignatureRow[]
  termination: repo.TerminationRow | null
}

export async function recordsOf(db: Db | Trx, contractIds: string[]): Promise<Map<string, ContractRecords>> {
  const signatures = await repo.signaturesOf(db, contractIds)
  const terminations = await repo.terminationsOf(db, contractIds)
  return new Map(contractIds.map((id) => [id, { signatures: signatures.filter((s) => s.contract_id === id), termination: terminations.find((t) => t.contract_id === id) ?? null }]))
}

export function factsOf(c: repo.ContractRow, r: ContractRecords): ContractFacts {
  return {
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    signatures: r.signatures.map((s) => ({ party: s.party, signedAt: s.signed_at })),
    termination: r.termination ? { effectiveOn: r.termination.effective_on } : null,
  }
}

export function contractOut(c: repo.ContractRow, staffName: string, r: ContractRecords, at: { now: Date }) {
  const facts = factsOf(c, r)
  return {
    id: c.id,
    contractNo: c.contract_no,
    committeeId: c.committee_id,
    planId: c.plan_id,
    staffId: c.staff_id,
    staffName,
    role: c.role,
    duties: c.duties,
    payType: c.pay_type,
    rateFen: c.rate_fen,
    payDay: c.pay_day,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    status: statusOn(facts, chinaToday(at)),
    inForce: coverage(facts),
    signatures: r.signatures.map((s) => ({ party: s.party, signerName: s.signer_name, signedAt: s.signed_at })),
    termination: r.termination
      ? { effectiveOn: r.termination.effective_on, ground: r.termination.ground, reason: r.termination.reason, terminatedAt: r.termination.terminated_at }
      : null,
    renewsContractId: c.renews_contract_id,
    renewalDecisionId: c.renewal_decision_id,
    createdAt: c.created_at,
  }
}

export async function contractOutOf(db: Db | Trx, c: repo.ContractRow, staffName: string, at: { now: Date }) {
  return contractOut(c, staffName, (await recordsOf(db, [c.id])).get(c.id)!, at)
}
