// Pickup handover (接送交接): a child leaves care only with a person the guardian authorised in
// the application, or alone when the guardian consented in writing. Pure, so the rule is tested
// on its own and shared by check-out and its corrections.
import type { PickupArrangement, PickupPerson } from '../../db/schema.js'

export type PickedUpBy = 'self' | { name: string; phone?: string | undefined }
export type Handover = { ok: true; person: PickupPerson | null; alone: boolean } | { ok: false; detail: string }

// Names are compared without spaces and in NFKC (full-width letters, compatibility ideographs),
// so "王 芳" typed on a phone keyboard matches "王芳" in the application.
const normName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase()
// Phones: digits only, a leading 86 country code dropped.
function normPhone(s: string): string {
  const digits = s.replace(/\D/g, '')
  return digits.length > 11 && digits.startsWith('86') ? digits.slice(2) : digits
}

export function authorisedHandover(pickup: PickupArrangement, studentName: string, by: PickedUpBy): Handover {
  if (by === 'self') {
    if (pickup.goesHomeAlone && (pickup.aloneConsent ?? '').trim() !== '') return { ok: true, person: null, alone: true }
    return { ok: false, detail: `${studentName} may not go home alone: there is no written consent of the guardian on the enrollment` }
  }
  const byName = pickup.persons.filter((p) => normName(p.name) === normName(by.name))
  const match = by.phone === undefined ? byName[0] : byName.find((p) => normPhone(p.phone) === normPhone(by.phone ?? ''))
  if (match) return { ok: true, person: match, alone: false }
  const listed = pickup.persons.map((p) => `${p.name}（${p.relation}）`).join('、') || 'nobody'
  const who = by.phone === undefined ? by.name : `${by.name} (${by.phone})`
  const why = byName.length > 0 ? 'the phone number does not match the one on the list' : 'this person is not on the list'
  return { ok: false, detail: `${studentName} can only be handed to an authorised pickup person: ${listed}. Refused ${who}: ${why}` }
}
