// Anyone holding a hiring contract asks whether it is genuine, by its SHA-256: the signed PDF
// either party downloaded, or the text both signed (the hash printed on the certificate pages).
// The answer says when it was signed and by which committee, never who signed.
import { chinaToday } from '../../china-time.js'
import type { AnonymousCtx, Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { getCommitteeRef, getSchoolRef } from '../schools/service.js'
import { factsOf, recordsOf } from './contract-access.js'
import { statusOn } from './contract-status.js'
import * as repo from './repository.js'

export async function verifyContract(db: Db, ctx: Ctx | AnonymousCtx, sha256: string) {
  const hash = sha256.toLowerCase()
  const hit = (await repo.signaturesByHash(db, hash))[0]
  if (!hit) return { genuine: false }
  const contract = (await repo.findContract(db, hit.contract_id))!
  const records = (await recordsOf(db, [contract.id])).get(contract.id)!
  const committee = (await getCommitteeRef(db, contract.committee_id))!
  const school = await getSchoolRef(db, committee.schoolId)
  return {
    genuine: true,
    document: hit.signed_pdf_sha256 === hash ? ('signed-pdf' as const) : ('signed-text' as const),
    contractNo: contract.contract_no,
    status: statusOn(factsOf(contract, records), chinaToday(ctx)),
    signatures: records.signatures.map((s) => ({ party: s.party, signedAt: s.signed_at })),
    committee: { name: committee.name, school: school.name },
  }
}
