/**
 * The evidence one incoming row gives, kept apart by what it is about: the PAYER (an alias
 * confirmed before, the guardian's own name) or the STUDENT (names in the memo or in the payer's
 * nickname, a class). The matcher weighs the two against each other.
 */
import { classKeysIn } from './class-key.js'
import { aliasKey, type MatchContext, type PreparedFamily } from './match-context.js'
import { normalizeName } from './normalize-text.js'
import type { StatementRow } from './types.js'

export interface Evidence {
  /** Families the payer is known to pay for. */
  payer: Set<string>
  /** One set per distinct name mentioned: the families that name may mean. */
  named: { text: string; ids: Set<string> }[]
  classKeys: string[]
  reasons: Map<string, string[]>
}

export function gatherEvidence(row: StatementRow, ctx: MatchContext): Evidence {
  const reasons = new Map<string, string[]>()
  const note = (id: string, reason: string) => {
    const list = reasons.get(id) ?? []
    if (!list.includes(reason)) list.push(reason)
    reasons.set(id, list)
  }
  const payer = new Set<string>()
  const payerText = normalizeName(row.counterparty)
  if (row.counterpartyAccount) {
    for (const id of ctx.aliasByAccount.get(aliasKey(row.channel, row.counterpartyAccount)) ?? []) {
      payer.add(id)
      note(id, `payer account ${row.counterpartyAccount} confirmed for this family before`)
    }
  }
  if (payerText) {
    for (const id of ctx.aliasByName.get(aliasKey(row.channel, row.counterparty)) ?? []) {
      payer.add(id)
      note(id, `payer ${row.counterparty} confirmed for this family before`)
    }
    for (const f of ctx.byGuardian.get(payerText) ?? []) {
      payer.add(f.family.enrollmentId)
      note(f.family.enrollmentId, `payer ${row.counterparty} is the guardian on record`)
    }
  }

  const memoText = normalizeName(row.memo)
  const named = new Map<string, Set<string>>()
  const mention = (text: string, where: string) => {
    for (const m of ctx.names.mentionsIn(text)) {
      const ids = named.get(m.text) ?? new Set<string>()
      for (const { item, kind } of m.entries) {
        ids.add(item.family.enrollmentId)
        note(item.family.enrollmentId, `${where} names ${kind === 'full' ? m.text : `${m.text} (given name of ${item.family.studentName})`}`)
      }
      named.set(m.text, ids)
    }
  }
  mention(memoText, 'memo')
  if (payerText) mention(payerText, `payer ${row.counterparty}`)

  return {
    payer,
    named: [...named].map(([text, ids]) => ({ text, ids })),
    classKeys: [...new Set([...classKeysIn(memoText), ...classKeysIn(payerText)])],
    reasons,
  }
}

export function describe(f: PreparedFamily): string {
  return `${f.family.studentName} (${f.family.className})`
}
