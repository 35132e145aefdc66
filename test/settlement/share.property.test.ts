import fc from 'fast-check'
import t from 'tap'
import { shareSurplus } from '../../src/modules/settlement/share.js'

const SEED = 20_270_104

// Random families (some paid nothing, some hold credit, some withdrew early and paid little) and a
// random surplus, positive or beyond what was paid: the shares must add up, stay within a fen of
// their exact proportion and never give a family more than it paid.
t.test('the surplus is shared exactly, in proportion, never beyond what a family paid', async (t) => {
  const family = fc.record({ paid: fc.integer({ min: 0, max: 2_000_000 }), heldPart: fc.integer({ min: 0, max: 100 }), day: fc.integer({ min: 0, max: 200 }) })
  fc.assert(
    fc.property(fc.array(family, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 150 }), (rows, percent) => {
      const sharers = rows.map((r, i) => ({
        enrollmentId: `e${i}`,
        paidFen: r.paid,
        heldFen: Math.floor((r.paid * r.heldPart) / 1000),
        enrolledAt: new Date(Date.UTC(2026, 7, 1 + r.day)),
      }))
      const basis = sharers.map((s) => s.paidFen - s.heldFen)
      const total = basis.reduce((a, b) => a + b, 0)
      const refundable = Math.floor((total * percent) / 100)
      const { shares, unshareableFen } = shareSurplus(sharers, refundable)
      const sum = shares.reduce((a, s) => a + s.shareFen, 0)
      if (sum + unshareableFen !== refundable) return false
      if (refundable <= total && unshareableFen !== 0) return false
      return shares.every((s, i) => {
        if (s.shareFen < 0 || s.shareFen + s.heldFen > sharers[i]!.paidFen) return false
        if (total === 0) return s.shareFen === 0
        // |share − shared × basis / total| < 1 fen, in integers: |share·total − shared·basis| < total.
        const shared = BigInt(refundable - unshareableFen)
        return (BigInt(s.shareFen) * BigInt(total) - shared * BigInt(basis[i]!)) ** 2n < BigInt(total) ** 2n
      })
    }),
    { seed: SEED, numRuns: 400 },
  )
  t.pass(`400 random terms shared exactly (seed ${SEED})`)
})

t.test('ties of the remainder go to the larger payment, then the earlier enrollment', async (t) => {
  const at = (d: number) => new Date(Date.UTC(2026, 8, d))
  const sharers = [
    { enrollmentId: 'late', paidFen: 100, heldFen: 0, enrolledAt: at(3) },
    { enrollmentId: 'early', paidFen: 100, heldFen: 0, enrolledAt: at(1) },
    { enrollmentId: 'mid', paidFen: 100, heldFen: 0, enrolledAt: at(2) },
  ]
  t.same(
    shareSurplus(sharers, 2).shares.map((s) => [s.enrollmentId, s.shareFen]),
    [
      ['late', 0],
      ['early', 1],
      ['mid', 1],
    ],
    'two fen among three equal families: the two who enrolled first',
  )
  const heldBack = shareSurplus([{ enrollmentId: 'a', paidFen: 1000, heldFen: 300, enrolledAt: at(1) }], 5000)
  t.same(heldBack, { shares: [{ enrollmentId: 'a', shareFen: 700, heldFen: 300, basisFen: 700 }], unshareableFen: 4300 }, 'never more than it paid: the rest is not shared')
})
