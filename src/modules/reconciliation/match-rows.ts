/**
 * Proposes, for each incoming row, the family it pays for and why — a proposal the treasurer
 * confirms, never a booking. Pure: the rows, the families with what they owe, and what is
 * known (confirmed payer aliases, transactions already recorded) go in; proposals come out.
 *
 * How it weighs: what the row says about the payer (alias, guardian name) and about the student
 * (names, class) must agree; when they point at different families, or the memo names several
 * students, the row is ambiguous. Several fitting families are narrowed by the class named, then
 * by the amount owed. The amount alone matches only when exactly one family owes it.
 */
import { formatYuan } from '../../money.js'
import { describe, gatherEvidence } from './gather-evidence.js'
import { type MatchContext, prepareContext, transactionKey } from './match-context.js'
import type { Family, KnownPayments, Proposal, StatementRow } from './types.js'

export function proposeMatches(incoming: readonly StatementRow[], families: readonly Family[], known: KnownPayments): Proposal[] {
  const ctx = prepareContext(families, known)
  const firstSeen = new Map<string, StatementRow>()
  return incoming.map((row) => {
    if (row.direction !== 'in' || row.status !== 'success') {
      throw new TypeError(`proposeMatches takes the incoming rows of selectIncoming, not line ${row.line}`)
    }
    const key = transactionKey(row.channel, row.transactionNo)
    if (ctx.recorded.has(key)) return { line: row.line, status: 'already-recorded', reasons: ['transaction already recorded'], candidates: [] }
    // The same transaction twice in one file is one payment: the first stands for both.
    const first = firstSeen.get(key)
    if (first) {
      const reason =
        first.amountFen === row.amountFen ? `same transaction as line ${first.line}` : `same transaction number as line ${first.line} but another amount: check the file`
      return { line: row.line, status: 'already-recorded', reasons: [reason], candidates: [], duplicateOf: first.line }
    }
    firstSeen.set(key, row)
    return propose(row, ctx)
  })
}

function propose(row: StatementRow, ctx: MatchContext): Proposal {
  const ev = gatherEvidence(row, ctx)
  const byOrder = (ids: Iterable<string>) => [...new Set(ids)].sort((a, b) => ctx.families.get(a)!.order - ctx.families.get(b)!.order)
  const reasonsOf = (ids: string[]) => [...new Set(ids.flatMap((id) => ev.reasons.get(id) ?? []))]
  const ambiguous = (ids: string[], why: string): Proposal => ({ line: row.line, status: 'ambiguous', reasons: [why, ...reasonsOf(ids)], candidates: ids })

  // Every name mentioned constrains the student; names with no family in common are several students.
  const student = intersection(ev.named.map((n) => n.ids))
  if (student && student.size === 0) {
    const all = byOrder([...ev.named.flatMap((n) => [...n.ids]), ...ev.payer])
    return ambiguous(all, `names several students: ${ev.named.map((n) => n.text).join('、')}`)
  }

  let candidates: string[]
  if (student && ev.payer.size) {
    const both = [...student].filter((id) => ev.payer.has(id))
    if (both.length === 0) return ambiguous(byOrder([...ev.payer, ...student]), 'the payer and the names in the row point at different families')
    candidates = byOrder(both)
  } else {
    candidates = byOrder(student ?? ev.payer)
  }
  if (candidates.length === 0) return byAmountAlone(row, ctx)

  if (candidates.length > 1 && ev.classKeys.length) {
    const inClass = candidates.filter((id) => ev.classKeys.includes(ctx.families.get(id)!.classKey ?? ''))
    if (inClass.length > 0 && inClass.length < candidates.length) {
      for (const id of inClass) ev.reasons.get(id)?.push(`names class ${ctx.families.get(id)!.family.className}`)
      candidates = inClass
    }
  }
  if (candidates.length > 1) {
    const owing = candidates.filter((id) => owesExactly(ctx, id, row.amountFen))
    if (owing.length === 1) candidates = [...owing, ...candidates.filter((id) => id !== owing[0])]
    else return ambiguous(candidates, `fits ${candidates.length} families: ${candidates.map((id) => describe(ctx.families.get(id)!)).join(', ')}`)
  }
  const chosen = candidates[0]!
  return { line: row.line, status: 'matched', enrollmentId: chosen, reasons: [...(ev.reasons.get(chosen) ?? []), amountReason(ctx, chosen, row.amountFen)], candidates }
}

function byAmountAlone(row: StatementRow, ctx: MatchContext): Proposal {
  const owing = [...ctx.families.values()].filter((f) => owesExactly(ctx, f.family.enrollmentId, row.amountFen)).map((f) => f.family.enrollmentId)
  const yuan = formatYuan(row.amountFen)
  if (owing.length === 1) {
    return {
      line: row.line,
      status: 'matched',
      enrollmentId: owing[0]!,
      reasons: [`amount equals what the family owes (${yuan}), and no other family owes that`],
      candidates: owing,
    }
  }
  if (owing.length > 1) {
    return { line: row.line, status: 'ambiguous', reasons: [`${owing.length} families owe ${yuan}: nothing in the row tells them apart`], candidates: owing }
  }
  return { line: row.line, status: 'unmatched', reasons: ['no name, payer or amount points at a family'], candidates: [] }
}

function intersection(sets: Set<string>[]): Set<string> | null {
  if (sets.length === 0) return null
  return new Set([...sets[0]!].filter((id) => sets.every((s) => s.has(id))))
}

function owesExactly(ctx: MatchContext, id: string, amountFen: number): boolean {
  const owed = ctx.families.get(id)!.family.owedFen
  return owed > 0 && owed === amountFen
}

function amountReason(ctx: MatchContext, id: string, amountFen: number): string {
  const owed = ctx.families.get(id)!.family.owedFen
  if (owed === amountFen && owed > 0) return `amount equals what the family owes (${formatYuan(owed)})`
  if (owed <= 0) return 'the family owes nothing at the moment'
  return `amount ${formatYuan(amountFen)} differs from what the family owes (${formatYuan(owed)})`
}
