/** One school-approved application competing for a place. */
export interface AdmissionCandidate {
  id: string
  priority: readonly string[]
  submittedAt: Date
  /** Already holds a place (an enrollment not withdrawn). */
  admitted: boolean
}

export interface AdmissionDecision {
  /** Newly given a place, in admission order. */
  admit: string[]
  /** Still waiting, in the order they will move up. */
  wait: string[]
}

/** Priority groups first (rule 4), then whoever applied first; the id only breaks exact ties. */
export function admissionOrder(a: AdmissionCandidate, b: AdmissionCandidate): number {
  const pa = a.priority.length > 0 ? 0 : 1
  const pb = b.priority.length > 0 ? 0 : 1
  if (pa !== pb) return pa - pb
  const ta = a.submittedAt.getTime()
  const tb = b.submittedAt.getTime()
  if (ta !== tb) return ta - tb
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/**
 * The one admission rule, used whenever a place may open or be claimed: on the school's
 * approval of an application, on a withdrawal, and when a new plan version changes the capacity.
 * A place once given is never taken back (a family may already have signed and arranged its
 * afternoons); the free places go to the waiting candidates in admissionOrder, the rest wait.
 * Capacity below the number already admitted admits nobody and evicts nobody.
 */
export function decideAdmission(candidates: readonly AdmissionCandidate[], capacity: number): AdmissionDecision {
  const holding = candidates.filter((c) => c.admitted).length
  const free = Math.max(0, capacity - holding)
  const waiting = candidates.filter((c) => !c.admitted).sort(admissionOrder)
  return { admit: waiting.slice(0, free).map((c) => c.id), wait: waiting.slice(free).map((c) => c.id) }
}
