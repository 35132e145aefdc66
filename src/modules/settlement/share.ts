// How a term's refundable surplus is shared (rule 7, exactly, to the fen): in proportion to what
// each family paid for the term net of the credit it still holds (that credit is returned apart,
// in full), by the largest-remainder method so the shares add up to the surplus exactly.
import { allocate } from '../../money.js'

export interface Sharer {
  enrollmentId: string
  /** What the family paid for the term (reversed payments excluded). */
  paidFen: number
  /** Credit it still holds: its own money, returned in full apart from the sharing. */
  heldFen: number
  /** When it enrolled: the last tie-break. */
  enrolledAt: Date
}

export interface Share {
  enrollmentId: string
  /** Its share of the surplus. */
  shareFen: number
  heldFen: number
  /** The weight it shared by: paid − held. */
  basisFen: number
}

/**
 * Shares `refundableFen` by paid − held: ties of the remainder go to the larger payment, then
 * the earlier enrollment. No family gets back more than it paid (share + held ≤ paid): what a
 * surplus holds beyond all the families paid is not shared (`unshareableFen`).
 */
export function shareSurplus(sharers: readonly Sharer[], refundableFen: number): { shares: Share[]; unshareableFen: number } {
  const basis = sharers.map((s) => Math.max(0, s.paidFen - s.heldFen))
  const total = basis.reduce((a, b) => a + b, 0)
  const shareable = Math.max(0, Math.min(refundableFen, total))
  const amounts =
    shareable === 0
      ? basis.map(() => 0)
      : allocate(shareable, basis, (i, j) => {
          const a = sharers[i]!
          const b = sharers[j]!
          if (a.paidFen !== b.paidFen) return b.paidFen - a.paidFen
          return a.enrolledAt.getTime() - b.enrolledAt.getTime()
        })
  return {
    shares: sharers.map((s, i) => ({ enrollmentId: s.enrollmentId, shareFen: amounts[i]!, heldFen: s.heldFen, basisFen: basis[i]! })),
    unshareableFen: Math.max(0, refundableFen) - shareable,
  }
}
