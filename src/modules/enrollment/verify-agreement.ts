// Anyone holding a care agreement — a bank, an inspector, the other parent — may ask whether it
// is genuine (issue 14 item 19): by its bytes or their SHA-256. The answer says when it was
// signed, for which committee, school and term, under which agreement number and plan version,
// and whether the enrollment still runs; never a child's, a guardian's or a signer's name, nor
// an id that would open anything else.
import { createHash } from 'node:crypto'
import type { Db } from '../../db/index.js'
import { AppError } from '../../errors.js'
import { getPlanForService } from '../plans/service.js'
import { getCommitteeRef, getSchoolRef, requireTerm } from '../schools/service.js'
import { signatureByHash } from './repository.js'

export type VerifyAgreementInput = { sha256: string } | { pdf: Buffer }

export async function verifyAgreement(db: Db, input: VerifyAgreementInput) {
  let hash: string
  if ('pdf' in input) {
    if (!input.pdf.subarray(0, 5).equals(Buffer.from('%PDF-'))) {
      throw new AppError(400, 'not-a-pdf', 'Bad Request', 'The body is not a PDF (it does not start with %PDF-): send the agreement as application/pdf, or its SHA-256 as JSON', [
        { path: 'body', message: 'not a PDF' },
      ])
    }
    hash = createHash('sha256').update(input.pdf).digest('hex')
  } else {
    hash = input.sha256.toLowerCase()
  }
  const found = await signatureByHash(db, hash)
  if (!found) return { genuine: false as const }
  const plan = await getPlanForService(db, found.plan_id)
  if (!plan) return { genuine: false as const }
  const committee = await getCommitteeRef(db, plan.committeeId)
  const school = await getSchoolRef(db, plan.schoolId)
  const term = await requireTerm(db, plan.schoolId, plan.termId)
  return {
    genuine: true as const,
    matched: found.matched,
    signedAt: found.signed_at,
    agreementNo: found.agreement_no,
    committee: { name: committee?.name ?? '' },
    school: { name: school.name },
    term: { name: term.name, startsOn: term.startsOn, endsOn: term.endsOn },
    planVersion: found.plan_version,
    status: found.status,
  }
}
