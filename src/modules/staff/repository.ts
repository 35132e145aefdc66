// The SQL of the committee's care staff: staff, their checks, the school's providers and limit,
// hiring contracts with their signatures and terminations.
import { type Selectable, sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type {
  ContractParty,
  ContractSignaturesTable,
  ContractTerminationsTable,
  PayType,
  StaffCheckKind,
  StaffChecksTable,
  StaffContractsTable,
  StaffKind,
  StaffProvidersTable,
  StaffTable,
  TerminationGround,
} from '../../db/schema.js'

export type StaffRow = Selectable<StaffTable>
export type CheckRow = Selectable<StaffChecksTable>
export type ProviderRow = Selectable<StaffProvidersTable>
export type ContractRow = Selectable<StaffContractsTable>
export type SignatureRow = Omit<Selectable<ContractSignaturesTable>, 'signed_pdf'>
export type TerminationRow = Selectable<ContractTerminationsTable>

// ---- staff ----------------------------------------------------------------------------------

export const staffByUser = (db: Db | Trx, committeeId: string, userId: string) =>
  db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('user_id', '=', userId).executeTakeFirst()

export const staffById = (db: Db | Trx, committeeId: string, staffId: string) =>
  db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('id', '=', staffId).executeTakeFirst()

export const findStaff = (db: Db | Trx, staffId: string) => db.selectFrom('staff').selectAll().where('id', '=', staffId).executeTakeFirst()

export const staffOfCommittee = (db: Db | Trx, committeeId: string, staffIds: string[]) =>
  staffIds.length === 0 ? Promise.resolve([]) : db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId).where('id', 'in', staffIds).execute()

export const lockStaffRow = (trx: Trx, committeeId: string, staffId: string) =>
  trx.selectFrom('staff').select('id').where('committee_id', '=', committeeId).where('id', '=', staffId).forUpdate().executeTakeFirst()

export const insertStaff = (
  trx: Trx,
  s: {
    committeeId: string
    userId: string | null
    name: string
    kind: StaffKind
    phone: string
    certificateNo: string
    issuedOn: string
    qualifications: string[]
    providerId: string | null
    createdBy: string
  },
  now: Date,
) =>
  trx
    .insertInto('staff')
    .values({
      committee_id: s.committeeId,
      user_id: s.userId,
      name: s.name,
      kind: s.kind,
      phone: s.phone,
      background_certificate_no: s.certificateNo,
      background_issued_on: s.issuedOn,
      qualifications: JSON.stringify(s.qualifications),
      provider_id: s.providerId,
      created_by: s.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const staffQuery = (db: Db, committeeId: string) => db.selectFrom('staff').selectAll().where('committee_id', '=', committeeId)

export const namesOf = (db: Db | Trx, ids: string[]) => (ids.length === 0 ? Promise.resolve([]) : db.selectFrom('staff').select(['id', 'name']).where('id', 'in', ids).execute())

// ---- checks, providers, the school's limit --------------------------------------------------

export const insertCheck = (
  trx: Trx,
  c: { staffId: string; kind: StaffCheckKind; certificateNo: string; issuedOn: string; verifiedBy: string | null; verifiedOn: string | null; recordedBy: string },
  now: Date,
) =>
  trx
    .insertInto('staff_checks')
    .values({
      staff_id: c.staffId,
      kind: c.kind,
      certificate_no: c.certificateNo,
      issued_on: c.issuedOn,
      verified_by: c.verifiedBy,
      verified_on: c.verifiedOn,
      recorded_by: c.recordedBy,
      recorded_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

/** Every check of these staff, latest issue last within a kind. */
export const checksOf = (db: Db | Trx, staffIds: string[]) =>
  staffIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('staff_checks').selectAll().where('staff_id', 'in', staffIds).orderBy('issued_on').orderBy('recorded_at').orderBy('id').execute()

export const checkMaxAgeMonths = async (db: Db | Trx, schoolId: string): Promise<number | undefined> =>
  (await db.selectFrom('staff_school_settings').select('check_max_age_months').where('school_id', '=', schoolId).executeTakeFirst())?.check_max_age_months

export const upsertSettings = (trx: Trx, schoolId: string, months: number, userId: string, now: Date) =>
  trx
    .insertInto('staff_school_settings')
    .values({ school_id: schoolId, check_max_age_months: months, updated_by: userId, updated_at: now })
    .onConflict((oc) => oc.column('school_id').doUpdateSet({ check_max_age_months: months, updated_by: userId, updated_at: now }))
    .returningAll()
    .executeTakeFirstOrThrow()

export const insertProvider = (trx: Trx, p: { schoolId: string; name: string; creditCode: string | null; addedBy: string }, now: Date) =>
  trx
    .insertInto('staff_providers')
    .values({ school_id: p.schoolId, name: p.name, credit_code: p.creditCode, added_by: p.addedBy, added_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

export const findProvider = (db: Db | Trx, providerId: string) => db.selectFrom('staff_providers').selectAll().where('id', '=', providerId).executeTakeFirst()

export const lockProvider = (trx: Trx, providerId: string) => trx.selectFrom('staff_providers').selectAll().where('id', '=', providerId).forUpdate().executeTakeFirst()

export const activeProviderByName = (db: Db | Trx, schoolId: string, name: string) =>
  db.selectFrom('staff_providers').select('id').where('school_id', '=', schoolId).where('name', '=', name).where('removed_on', 'is', null).executeTakeFirst()

export const providersQuery = (db: Db, schoolId: string) => db.selectFrom('staff_providers').selectAll().where('school_id', '=', schoolId)

export const removeProvider = (trx: Trx, providerId: string, r: { on: string; by: string; reason: string }) =>
  trx.updateTable('staff_providers').set({ removed_on: r.on, removed_by: r.by, removal_reason: r.reason }).where('id', '=', providerId).returningAll().executeTakeFirstOrThrow()

// ---- contracts ------------------------------------------------------------------------------

export const nextContractNumber = async (trx: Trx): Promise<number> => {
  const { rows } = await sql<{ n: number }>`SELECT nextval('staff_contract_no_seq') AS n`.execute(trx)
  return Number(rows[0]!.n)
}

export interface NewContract {
  id: string
  committeeId: string
  planId: string
  staffId: string
  contractNo: string
  role: string
  duties: string[]
  payType: PayType
  rateFen: number
  payDay: number
  startsOn: string
  endsOn: string
  representativeUserId: string
  document: unknown
  renewsContractId: string | null
  renewalDecisionId: string | null
  createdBy: string
}

export const insertContract = (trx: Trx, c: NewContract, now: Date) =>
  trx
    .insertInto('staff_contracts')
    .values({
      id: c.id,
      committee_id: c.committeeId,
      plan_id: c.planId,
      staff_id: c.staffId,
      contract_no: c.contractNo,
      role: c.role,
      duties: JSON.stringify(c.duties),
      pay_type: c.payType,
      rate_fen: c.rateFen,
      pay_day: c.payDay,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      representative_user_id: c.representativeUserId,
      document: JSON.stringify(c.document),
      renews_contract_id: c.renewsContractId,
      renewal_decision_id: c.renewalDecisionId,
      created_by: c.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const findContract = (db: Db | Trx, contractId: string) => db.selectFrom('staff_contracts').selectAll().where('id', '=', contractId).executeTakeFirst()

export const lockContract = (trx: Trx, contractId: string) => trx.selectFrom('staff_contracts').selectAll().where('id', '=', contractId).forUpdate().executeTakeFirst()

export const contractsQuery = (db: Db, committeeId: string, filter: { staffId?: string | undefined; planId?: string | undefined }) => {
  let q = db.selectFrom('staff_contracts').selectAll().where('committee_id', '=', committeeId)
  if (filter.staffId) q = q.where('staff_id', '=', filter.staffId)
  if (filter.planId) q = q.where('plan_id', '=', filter.planId)
  return q
}

/** Contracts of the staff records that belong to a user (their own contracts, any committee). */
export const contractsOfUser = (db: Db, userId: string) =>
  db
    .selectFrom('staff_contracts')
    .selectAll('staff_contracts')
    .where('staff_id', 'in', (eb) => eb.selectFrom('staff').select('id').where('user_id', '=', userId))
    .orderBy('created_at')
    .orderBy('id')
    .limit(200)
    .execute()

/** The contract that renews this one, if any. */
export const renewalOf = (db: Db | Trx, contractId: string) =>
  db.selectFrom('staff_contracts').select(['id', 'contract_no']).where('renews_contract_id', '=', contractId).executeTakeFirst()

/** A staff member's contracts for one plan, or of the committee (every plan). */
export const contractsOfStaff = (db: Db | Trx, staffId: string, planId?: string) => {
  let q = db.selectFrom('staff_contracts').selectAll().where('staff_id', '=', staffId)
  if (planId) q = q.where('plan_id', '=', planId)
  return q.orderBy('starts_on').orderBy('created_at').execute()
}

/** Contracts of a committee that may be in force at some time from `from` to `to`. */
export const contractsBetween = (db: Db | Trx, committeeId: string, from: string, to: string, planId?: string) => {
  let q = db.selectFrom('staff_contracts').selectAll().where('committee_id', '=', committeeId).where('starts_on', '<=', to).where('ends_on', '>=', from)
  if (planId) q = q.where('plan_id', '=', planId)
  return q.orderBy('created_at').orderBy('id').execute()
}

const SIGNATURE_COLUMNS = ['contract_id', 'party', 'signer_user_id', 'signer_name', 'document_sha256', 'signed_pdf_sha256', 'ip', 'user_agent', 'signed_at'] as const

export const signaturesOf = (db: Db | Trx, contractIds: string[]): Promise<SignatureRow[]> =>
  contractIds.length === 0
    ? Promise.resolve([])
    : db.selectFrom('contract_signatures').select(SIGNATURE_COLUMNS).where('contract_id', 'in', contractIds).orderBy('signed_at').execute()

export const terminationsOf = (db: Db | Trx, contractIds: string[]) =>
  contractIds.length === 0 ? Promise.resolve([]) : db.selectFrom('contract_terminations').selectAll().where('contract_id', 'in', contractIds).execute()

/** The most complete signed PDF of a contract (the one with every signature so far). */
export const latestSignedPdf = (db: Db | Trx, contractId: string) =>
  db.selectFrom('contract_signatures').select(['signed_pdf', 'signed_pdf_sha256']).where('contract_id', '=', contractId).orderBy('signed_at', 'desc').limit(1).executeTakeFirst()

export const insertSignature = (
  trx: Trx,
  s: {
    contractId: string
    party: ContractParty
    signerUserId: string
    signerName: string
    documentSha256: string
    signedPdf: Buffer
    signedPdfSha256: string
    ip: string | null
    userAgent: string | null
  },
  now: Date,
) =>
  trx
    .insertInto('contract_signatures')
    .values({
      contract_id: s.contractId,
      party: s.party,
      signer_user_id: s.signerUserId,
      signer_name: s.signerName,
      document_sha256: s.documentSha256,
      signed_pdf: s.signedPdf,
      signed_pdf_sha256: s.signedPdfSha256,
      ip: s.ip,
      user_agent: s.userAgent,
      signed_at: now,
    })
    .execute()

export const insertTermination = (trx: Trx, t: { contractId: string; effectiveOn: string; ground: TerminationGround; reason: string; by: string }, now: Date) =>
  trx
    .insertInto('contract_terminations')
    .values({ contract_id: t.contractId, effective_on: t.effectiveOn, ground: t.ground, reason: t.reason, terminated_by: t.by, terminated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow()

/** The contracts a SHA-256 names: of the text both parties signed, or of a signed PDF handed out. */
export const signaturesByHash = (db: Db, sha256: string) =>
  db
    .selectFrom('contract_signatures')
    .select(['contract_id', 'document_sha256', 'signed_pdf_sha256'])
    .where((eb) => eb.or([eb('document_sha256', '=', sha256), eb('signed_pdf_sha256', '=', sha256)]))
    .execute()
