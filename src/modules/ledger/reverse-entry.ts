import type { Ctx } from '../../context.js'
import type { Trx } from '../../db/index.js'
import type { EntrySource } from '../../db/schema.js'
import { Conflict, NotFound } from '../../errors.js'
import type { FundLock } from './lock.js'
import { type PostedEntry, postEntries } from './post-entry.js'
import * as repo from './repository.js'

/**
 * Corrects by reversal (STYLE 10): a new entry with every line of the original negated, naming
 * the entry it reverses and why. The original stays. An entry is reversed at most once.
 */
export async function reverseEntry(
  trx: Trx,
  ctx: Ctx,
  lock: FundLock,
  entryId: string,
  r: { sourceType: EntrySource; sourceId?: string; description: string; reason: string; entryDate: string },
): Promise<PostedEntry> {
  const original = await repo.findEntry(trx, entryId)
  if (!original || original.plan_id !== lock.planId) throw new NotFound('journal entry', `Entry ${entryId} not found in this fund`)
  if (await repo.reversalOf(trx, entryId)) throw new Conflict('already-reversed', `Entry ${entryId} is already reversed`)
  const lines = (await repo.linesOfEntry(trx, entryId)).map((l) => ({
    account: l.account,
    amountFen: -l.amount_fen,
    ...(l.enrollment_id ? { enrollmentId: l.enrollment_id } : {}),
    ...(l.category ? { category: l.category } : {}),
  }))
  const [posted] = await postEntries(trx, ctx, lock, [{ ...r, lines, reversesEntryId: entryId }])
  return posted!
}
