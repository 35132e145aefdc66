/**
 * What the matcher knows before it reads a row, built once per proposal run: families with
 * their names normalised, confirmed payer aliases by channel, and the transactions already in
 * the books. Lookups are maps, so 5,000 rows against a whole school stay fast.
 */
import { classKeyOf } from './class-key.js'
import { NameIndex } from './find-names.js'
import { normalizeName } from './normalize-text.js'
import type { Channel, Family, KnownPayments } from './types.js'

export interface PreparedFamily {
  family: Family
  order: number
  classKey: string | null
}

export interface MatchContext {
  families: Map<string, PreparedFamily>
  names: NameIndex<PreparedFamily>
  byGuardian: Map<string, PreparedFamily[]>
  aliasByName: Map<string, Set<string>>
  aliasByAccount: Map<string, Set<string>>
  recorded: Set<string>
}

export function transactionKey(channel: Channel, transactionNo: string): string {
  return `${channel}\u0000${transactionNo.trim()}`
}

export function aliasKey(channel: Channel, text: string): string {
  return `${channel}\u0000${normalizeName(text)}`
}

export function prepareContext(families: readonly Family[], known: KnownPayments): MatchContext {
  const prepared = new Map<string, PreparedFamily>()
  families.forEach((family, order) => {
    if (!prepared.has(family.enrollmentId)) prepared.set(family.enrollmentId, { family, order, classKey: classKeyOf(normalizeName(family.className)) })
  })
  const list = [...prepared.values()]
  const byGuardian = new Map<string, PreparedFamily[]>()
  for (const f of list) {
    const guardian = normalizeName(f.family.guardianName)
    if (guardian.length >= 2) byGuardian.set(guardian, [...(byGuardian.get(guardian) ?? []), f])
  }
  const aliasByName = new Map<string, Set<string>>()
  const aliasByAccount = new Map<string, Set<string>>()
  const remember = (map: Map<string, Set<string>>, key: string, id: string) => map.set(key, (map.get(key) ?? new Set()).add(id))
  for (const alias of known.aliases) {
    // An alias of a family that is not in this run (left, finished) proposes nothing.
    if (!prepared.has(alias.enrollmentId)) continue
    if (alias.payerName && normalizeName(alias.payerName)) remember(aliasByName, aliasKey(alias.channel, alias.payerName), alias.enrollmentId)
    if (alias.payerAccount && normalizeName(alias.payerAccount)) remember(aliasByAccount, aliasKey(alias.channel, alias.payerAccount), alias.enrollmentId)
  }
  return {
    families: prepared,
    names: new NameIndex(list, (f) => f.family.studentName),
    byGuardian,
    aliasByName,
    aliasByAccount,
    recorded: new Set(known.recorded.map((r) => transactionKey(r.channel, r.transactionNo))),
  }
}
