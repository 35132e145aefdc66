/** One application competing for a place, or one already holding a place. */
export interface AdmissionCandidate {
  id: string
  priority: readonly string[]
  submittedAt: Date
  /** Already holds a place (an enrollment still in care or still to start; see admit.ts). */
  admitted: boolean
  /**
   * Still in review (submitted, or accepted by the committee and not yet by the school): it
   * cannot be given a place yet, but it reserves the place its rank would give it.
   */
  pending?: boolean
}

export interface AdmissionDecision {
  /** School-approved candidates newly given a place, in admission order. */
  admit: string[]
  /** School-approved candidates still waiting, in the order they will move up. */
  wait: string[]
  /** Pending candidates whose rank reserves them a place until they are decided. */
  reserved: string[]
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
 * approval of an application, on a rejection or withdrawal, when a withdrawal takes effect, and
 * when a new plan version changes the capacity.
 *
 * A place once given is never taken back (a family may already have signed and arranged its
 * afternoons); the free places go to the candidates in admissionOrder, the rest wait. Capacity
 * below the number already admitted admits nobody and evicts nobody.
 *
 * Pending applications (still in review) take part in the order and reserve the place their rank
 * gives them, although they cannot be admitted until the school approves them. Why: places are
 * never taken back, so without the reservation the family the school happens to approve first
 * would keep the last place, and a priority family whose application is still in review (rule 4:
 * priority groups are admitted first) would lose it to a non-priority family merely because of
 * the order in which reviewers work. With it, who gets a place depends only on the applications
 * and their admissionOrder, never on the speed of review. A reservation ends when the pending
 * application is approved (it then takes the place), rejected or withdrawn (the place goes to the
 * next in order; callers run admission again then). The price: an application nobody reviews
 * keeps its reserved place, so the committee must decide every application it receives.
 */
export function decideAdmission(candidates: readonly AdmissionCandidate[], capacity: number): AdmissionDecision {
  const holding = candidates.filter((c) => c.admitted).length
  let free = Math.max(0, capacity - holding)
  const decision: AdmissionDecision = { admit: [], wait: [], reserved: [] }
  for (const c of candidates.filter((x) => !x.admitted).sort(admissionOrder)) {
    if (free > 0) {
      free -= 1
      ;(c.pending ? decision.reserved : decision.admit).push(c.id)
    } else if (!c.pending) {
      decision.wait.push(c.id)
    }
  }
  return decision
}
