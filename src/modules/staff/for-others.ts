// What modules above staff ask of hiring contracts: pay (staff-pay) reads the contracts in force
// in a month; renewal (renewal) reads one contract and draws up its successor. They never read the
// tables; a change of their shape is fixed here once.
import type { Hat } from '../../access.js'
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db, Trx } from '../../db/index.js'
import type { PayType } from '../../db/schema.js'
import type { HiringContractData } from '../../pdf/hiring-contract.js'
import { getCommitteeRef } from '../schools/service.js'
import { type contractOut, factsOf, loadContract, loadContractForUpdate, recordsOf } from './contract-access.js'
import { type ContractStatus, coverage, statusOn } from './contract-status.js'
import { type ContractDraft, draftContract } from './contracts.js'
import * as repo from './repository.js'

export interface ContractForPay {
  id: string
  contractNo: string
  planId: string
  staffId: string
  staffName: string
  payType: PayType
  rateFen: number
  payDay: number
  startsOn: string
  endsOn: string
  /** The days it covers (signed by both, started, before termination): nothing is paid outside them. */
  inForce: { from: string; to: string } | null
}

/** The committee's contracts that might cover any day from `from` to `to`. No authorization: the caller has its own. */
export async function contractsForPay(db: Db | Trx, committeeId: string, from: string, to: string, planId?: string): Promise<ContractForPay[]> {
  const rows = await repo.contractsBetween(db, committeeId, from, to, planId)
  const records = await recordsOf(
    db,
    rows.map((c) => c.id),
  )
  const names = new Map((await repo.namesOf(db, [...new Set(rows.map((c) => c.staff_id))])).map((s) => [s.id, s.name]))
  return rows.map((c) => ({
    id: c.id,
    contractNo: c.contract_no,
    planId: c.plan_id,
    staffId: c.staff_id,
    staffName: names.get(c.staff_id)!,
    payType: c.pay_type,
    rateFen: c.rate_fen,
    payDay: c.pay_day,
    startsOn: c.starts_on,
    endsOn: c.ends_on,
    inForce: coverage(factsOf(c, records.get(c.id)!)),
  }))
}

export interface ContractForRenewal {
  id: string
  contractNo: string
  committeeId: string
  schoolId: string
  planId: string
  staffId: string
  staffName: string
  status: ContractStatus
  /** The contract number of its renewal, once renewed. */
  renewedBy: string | null
  terms: Omit<ContractDraft, 'startsOn' | 'endsOn'>
  hats: Set<Hat>
}

/** One contract, authorized for `allowed` (404 to strangers, 403 to a wrong hat), its row locked when `trx` is a transaction that changes it. */
export async function contractForRenewal(db: Db | Trx, ctx: Ctx, contractId: string, allowed: readonly Hat[], action: string, lock = false): Promise<ContractForRenewal> {
  const { contract, staff, hats, schoolId } = lock
    ? await loadContractForUpdate(db as Trx, ctx, contractId, allowed, action)
    : await loadContract(db, ctx, contractId, allowed, action)
  const records = (await recordsOf(db, [contract.id])).get(contract.id)!
  return {
    id: contract.id,
    contractNo: contract.contract_no,
    committeeId: contract.committee_id,
    schoolId,
    planId: contract.plan_id,
    staffId: staff.id,
    staffName: staff.name,
    status: statusOn(factsOf(contract, records), chinaToday(ctx)),
    renewedBy: (await repo.renewalOf(db, contract.id))?.contract_no ?? null,
    terms: {
      staffId: staff.id,
      planId: contract.plan_id,
      role: contract.role,
      duties: contract.duties,
      payType: contract.pay_type,
      rateFen: contract.rate_fen,
      payDay: contract.pay_day,
      committeePhone: (contract.document as HiringContractData).committee.phone,
    },
    hats,
  }
}

/** The successor of a contract, drawn up under the decision that renews it. */
export async function draftRenewal(trx: Trx, ctx: Ctx, old: ContractForRenewal, terms: ContractDraft, renewalDecisionId: string): Promise<ReturnType<typeof contractOut>> {
  const committee = (await getCommitteeRef(trx, old.committeeId))!
  return draftContract(trx, ctx, committee, terms, { renewsContractId: old.id, renewalDecisionId })
}

/** Whether a hiring contract pays from this plan's fund: what an expense naming it (staff pay) needs. No authorization: the caller has its own. */
export async function isContractOfPlan(db: Db | Trx, planId: string, contractId: string): Promise<boolean> {
  const row = await repo.findContract(db, contractId)
  return row?.plan_id === planId
}
