// The one door into the journal (STYLE 9b): every module posts money through postEntries, and
// nothing else inserts journal rows. An entry is refused before any SQL runs unless its lines sum
// to zero; the deferred trigger of migration 0004 is the second lock.
import type { Ctx } from '../../context.js'
import type { Trx } from '../../db/index.js'
import type { Account, EntrySource } from '../../db/schema.js'
import { type Fen, toFen } from '../../money.js'
import { recordAuditMany } from '../audit/service.js'
import { ACCOUNTS, isFamilyAccount } from './accounts.js'
import type { FundLock } from './lock.js'
import { nextPeriod, periodOf } from './periods.js'
import * as repo from './repository.js'

export interface EntryLine {
  account: Account
  /** Signed fen: a debit is positive, a credit negative. */
  amountFen: Fen
  /** The family account a receivable, held credit or refund belongs to. */
  enrollmentId?: string | undefined
  /** The budget line of an expense. */
  category?: string | undefined
}

export interface NewEntry {
  /** The business date, in China, the money moved or the charge fell due. */
  entryDate: string
  sourceType: EntrySource
  sourceId?: string | undefined
  description: string
  lines: EntryLine[]
  reversesEntryId?: string | undefined
  reason?: string | undefined
}

export interface PostedEntry {
  id: string
  /** The month it is booked in: its own, or the first unpublished one (a late item, an adjustment). */
  period: string
  entryDate: string
  lines: EntryLine[]
}

export class UnbalancedEntry extends Error {
  constructor(description: string, total: number) {
    super(`journal entry "${description}" does not balance: its lines sum to ${total} fen`)
    this.name = 'UnbalancedEntry'
  }
}

function check(entry: NewEntry): void {
  if (entry.lines.length < 2) throw new UnbalancedEntry(entry.description, entry.lines[0]?.amountFen ?? 0)
  let total = 0
  for (const line of entry.lines) {
    const fen = toFen(line.amountFen)
    if (fen === 0) throw new RangeError(`journal entry "${entry.description}": a line of 0 fen on ${line.account}`)
    if (!(line.account in ACCOUNTS)) throw new RangeError(`journal entry "${entry.description}": unknown account ${line.account}`)
    if (isFamilyAccount(line.account) !== (line.enrollmentId !== undefined))
      throw new RangeError(`journal entry "${entry.description}": ${line.account} ${isFamilyAccount(line.account) ? 'needs' : 'takes no'} family`)
    if ((line.account === 'expense') !== (line.category !== undefined)) throw new RangeError(`journal entry "${entry.description}": only an expense names a budget category`)
    total += fen
  }
  if (!Number.isSafeInteger(total) || total !== 0) throw new UnbalancedEntry(entry.description, total)
}

interface Family {
  receivable: Fen
  held: Fen
}

/**
 * Keeps each family's position in one place: what it owes (receivable ≥ 0) or what it holds
 * (credit ≥ 0), never both. An overpayment becomes held credit, held credit pays the next charge,
 * and credit taken back (a reversed payment already spent) becomes owed again — as lines of the
 * same entry, so every entry leaves the books in that shape.
 */
function settleFamilies(lines: EntryLine[], families: Map<string, Family>): EntryLine[] {
  const touched = new Set<string>()
  for (const line of lines) {
    if (line.enrollmentId === undefined || (line.account !== 'receivable' && line.account !== 'family_credit')) continue
    const f = families.get(line.enrollmentId) ?? { receivable: 0, held: 0 }
    if (line.account === 'receivable') f.receivable += line.amountFen
    else f.held -= line.amountFen
    families.set(line.enrollmentId, f)
    touched.add(line.enrollmentId)
  }
  const extra: EntryLine[] = []
  // Moves x fen from what the family owes to what it holds: receivable +x (debit), held credit +x
  // (a credit line on family_credit). A negative x moves the other way.
  const move = (enrollmentId: string, x: Fen) => {
    extra.push({ account: 'receivable', amountFen: x, enrollmentId }, { account: 'family_credit', amountFen: -x, enrollmentId })
  }
  for (const id of touched) {
    const f = families.get(id)!
    if (f.receivable < 0) {
      // Paid more than it owed: the rest is the family's credit.
      const over = -f.receivable
      move(id, over)
      f.held += over
      f.receivable = 0
    }
    if (f.held < 0) {
      // Credit taken back that was already spent: the family owes it again.
      const owed = -f.held
      move(id, owed)
      f.receivable += owed
      f.held = 0
    }
    if (f.receivable > 0 && f.held > 0) {
      // Held credit pays what the family owes.
      const applied = Math.min(f.receivable, f.held)
      move(id, -applied)
      f.receivable -= applied
      f.held -= applied
    }
  }
  return [...lines, ...extra]
}

/**
 * Posts entries into the fund the caller has locked (FundLock: the committee's books, then the
 * fund's row), in order, each booked in its own month or, if that month is published, in the
 * first open one. Writes one audit event per entry. Never Promise.all on a transaction.
 */
export async function postEntries(trx: Trx, ctx: Ctx | { actor: null; requestId: string; now: Date }, lock: FundLock, entries: NewEntry[]): Promise<PostedEntry[]> {
  if (entries.length === 0) return []
  for (const entry of entries) check(entry)
  const familyIds = [...new Set(entries.flatMap((e) => e.lines.map((l) => l.enrollmentId).filter((id): id is string => id !== undefined)))]
  const families = new Map<string, Family>((await repo.familyBalances(trx, lock.planId, familyIds)).map((b) => [b.enrollment_id!, { receivable: b.receivable, held: b.held }]))
  const firstOpen = lock.publishedThrough ? nextPeriod(lock.publishedThrough) : null
  const settled = entries.map((e) => {
    const lines = settleFamilies(e.lines, families)
    check({ ...e, lines })
    const own = periodOf(e.entryDate)
    return { ...e, lines, period: firstOpen && own < firstOpen ? firstOpen : own }
  })
  const rows = await repo.insertEntries(
    trx,
    settled.map((e) => ({
      committee_id: lock.committeeId,
      plan_id: lock.planId,
      entry_date: e.entryDate,
      period: e.period,
      source_type: e.sourceType,
      source_id: e.sourceId ?? null,
      description: e.description,
      reverses_entry_id: e.reversesEntryId ?? null,
      reason: e.reason ?? null,
      request_id: ctx.requestId,
      created_by: ctx.actor?.userId ?? null,
      posted_at: ctx.now,
    })),
  )
  await repo.insertLines(
    trx,
    settled.flatMap((e, i) =>
      e.lines.map((l, n) => ({
        entry_id: rows[i]!.id,
        line_no: n + 1,
        plan_id: lock.planId,
        account: l.account,
        enrollment_id: l.enrollmentId ?? null,
        category: l.category ?? null,
        amount_fen: l.amountFen,
      })),
    ),
  )
  await recordAuditMany(
    trx,
    ctx,
    settled.map((e, i) => ({
      action: `ledger.${e.sourceType}`,
      entityType: 'journal-entry',
      entityId: rows[i]!.id,
      data: { planId: lock.planId, period: e.period, entryDate: e.entryDate, sourceId: e.sourceId, reverses: e.reversesEntryId, lines: e.lines.length },
    })),
  )
  return settled.map((e, i) => ({ id: rows[i]!.id, period: rows[i]!.period, entryDate: e.entryDate, lines: e.lines }))
}
