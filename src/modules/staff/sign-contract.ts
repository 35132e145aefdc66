// Signing a hiring contract: the staff member and the chair who drew it up each sign the same
// unsigned PDF with their typed name, with the evidence of a care agreement (signer, time, IP,
// user agent, SHA-256 of the bytes read) and the PDF as signed so far, kept. Nobody signs while
// the staff member's vetting is incomplete.
import { chinaToday } from '../../china-time.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import type { ContractParty } from '../../db/schema.js'
import { Conflict, Forbidden, RuleViolation } from '../../errors.js'
import type { SigningCertificate } from '../../pdf/certificate.js'
import { type HiringContractData, renderHiringContract } from '../../pdf/hiring-contract.js'
import { recordAudit } from '../audit/service.js'
import { contractOutOf, loadContractForUpdate, recordsOf } from './contract-access.js'
import { refuseOverlap, refuseUnvetted, sha256, unsignedContract } from './contracts.js'
import * as repo from './repository.js'
import type { SignContractInput } from './schemas.js'
import { vettingOn } from './vetting.js'

const PARTY_WORDS: Record<ContractParty, string> = { chair: '甲方代表', staff: '乙方' }

export async function signContract(db: Db, ctx: Ctx, contractId: string, input: SignContractInput) {
  return db.transaction().execute(async (trx) => {
    const { contract, staff, hats } = await loadContractForUpdate(trx, ctx, contractId, ['chair', 'staff'], 'sign this contract')
    await repo.lockStaffRow(trx, contract.committee_id, staff.id)
    const document = contract.document as HiringContractData
    const mine: ContractParty[] = []
    if (hats.has('staff')) mine.push('staff')
    if (contract.representative_user_id === ctx.actor.userId) mine.push('chair')
    if (mine.length === 0) throw new Forbidden(`The contract is signed by ${document.committee.representative.name}, who drew it up for the committee, and by the staff member`)
    if (input.party && !mine.includes(input.party)) throw new Forbidden(`You do not sign this contract as ${input.party}`)
    if (!input.party && mine.length > 1)
      throw new RuleViolation('party-required', 'You are both parties to this contract: say which one you sign as', [{ path: 'body.party', message: 'chair or staff' }])
    const party = input.party ?? mine[0]!

    const records = (await recordsOf(trx, [contract.id])).get(contract.id)!
    const today = chinaToday(ctx)
    if (records.termination) throw new Conflict('contract-terminated', `This contract was terminated (from ${records.termination.effective_on})`)
    if (today > contract.ends_on) throw new Conflict('contract-ended', `This contract ended on ${contract.ends_on}; draw up a new one`)
    if (records.signatures.some((s) => s.party === party)) throw new Conflict('already-signed', `This contract is already signed by ${PARTY_WORDS[party]}`)
    const expected = party === 'chair' ? document.committee.representative.name : document.staff.name
    if (input.name !== expected)
      throw new RuleViolation('signature-mismatch', `Sign with the name the contract gives ${PARTY_WORDS[party]}`, [{ path: 'body.name', message: `must be "${expected}"` }])
    const vetting = await vettingOn(trx, staff, today)
    if (!vetting.ok) refuseUnvetted(vetting.problems, 'sign this contract')

    const { sha256: hash } = await unsignedContract(contract)
    const read = input.documentSha256?.toLowerCase()
    // Both parties sign the same unsigned file: a first signature fixes which one.
    const first = records.signatures[0]?.document_sha256
    if ((read !== undefined && read !== hash) || (first !== undefined && first !== hash))
      throw new Conflict('document-changed', 'The contract is no longer the document you read (or that the other party signed): download it again, or draw up a new contract')
    await refuseOverlap(trx, staff.id, contract.plan_id, { from: contract.starts_on, to: contract.ends_on }, contract.id)

    const evidence = (s: { signer_name: string; signed_at: Date; ip: string | null; user_agent: string | null }): SigningCertificate => ({
      signerName: s.signer_name,
      signedAt: s.signed_at.toISOString(),
      ip: s.ip || '（未知）',
      userAgent: s.user_agent?.trim() || '（未提供）',
      documentSha256: hash,
      contractId: contract.id,
    })
    const mineNow = { signer_name: input.name, signed_at: ctx.now, ip: ctx.ip ?? null, user_agent: ctx.userAgent ?? null }
    const certificate = (p: ContractParty) => {
      if (p === party) return evidence(mineNow)
      const other = records.signatures.find((s) => s.party === p)
      return other ? evidence(other) : null
    }
    const signedPdf = await renderHiringContract(document, { creationDate: contract.created_at, signatures: { chair: certificate('chair'), staff: certificate('staff') } })
    await repo.insertSignature(
      trx,
      {
        contractId: contract.id,
        party,
        signerUserId: ctx.actor.userId,
        signerName: input.name,
        documentSha256: hash,
        signedPdf,
        signedPdfSha256: sha256(signedPdf),
        ip: ctx.ip ?? null,
        userAgent: ctx.userAgent ?? null,
      },
      ctx.now,
    )
    await recordAudit(trx, ctx, {
      action: 'contract.signed',
      entityType: 'contract',
      entityId: contract.id,
      data: { party, documentSha256: hash, complete: records.signatures.length === 1 },
    })
    return contractOutOf(trx, contract, staff.name, ctx)
  })
}
