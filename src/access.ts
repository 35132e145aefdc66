import type { Principal } from './context.js'
import type { CommitteeRole } from './db/schema.js'
import { type AppError, Forbidden } from './errors.js'

/**
 * Every hat a user can wear towards a record. Committee roles and 'parent' come from membership;
 * 'admin' and 'reviewer' from the platform and the school; the rest are relations a module finds
 * for one record: the family's own 'guardian', 'staff' of the committee and the 'staff-on-duty'
 * of a session, 'school-finance' where the school collects, and 'community' (anyone in one of a
 * school's committees) for school-wide records.
 */
export type Hat = 'admin' | 'reviewer' | CommitteeRole | 'parent' | 'guardian' | 'staff' | 'staff-on-duty' | 'school-finance' | 'community'

export const OVERSIGHT: readonly Hat[] = ['admin', 'reviewer']
export const COMMITTEE_OFFICERS: readonly Hat[] = ['chair', 'treasurer', 'auditor', 'member']
/** The committee's officers and the school: they see every family's records of a committee. */
export const INSIDERS: readonly Hat[] = [...OVERSIGHT, ...COMMITTEE_OFFICERS]

export function isInsider(hats: ReadonlySet<Hat>): boolean {
  return INSIDERS.some((h) => hats.has(h))
}

/** The hats a user wears towards a committee: its roles there, plus the platform's and the school's. */
export function hatsForCommittee(actor: Principal, committee: { id: string; schoolId: string }): Set<Hat> {
  const hats = new Set<Hat>(actor.committees.get(committee.id)?.roles ?? [])
  if (actor.isAdmin) hats.add('admin')
  if (actor.reviewerOf.has(committee.schoolId)) hats.add('reviewer')
  if (actor.financeOf.has(committee.schoolId)) hats.add('school-finance')
  return hats
}

/** The hats a user wears towards a school: admin, its reviewer, its finance office, or 'community'. */
export function hatsForSchool(actor: Principal, schoolId: string): Set<Hat> {
  const hats = new Set<Hat>()
  if (actor.isAdmin) hats.add('admin')
  if (actor.reviewerOf.has(schoolId)) hats.add('reviewer')
  if (actor.financeOf.has(schoolId)) hats.add('school-finance')
  for (const c of actor.committees.values()) if (c.schoolId === schoolId) hats.add('community')
  return hats
}

export interface AccessRule {
  /** Hats that may do it. */
  allowed: readonly Hat[]
  /** What is being done, for the 403's words: "see the roster". */
  action: string
  /**
   * Hats that may know the record exists. Anyone else learns nothing (404). Default: any hat
   * at all. Other families' records name only INSIDERS (and the family its own 'guardian'), so a
   * parent asking for them is a stranger, not a wrong hat.
   */
  seenBy?: readonly Hat[]
}

/**
 * THE authorization rule of Jiawei (DESIGN.md, HTTP conventions): someone with no relation to a
 * record learns nothing, as if it did not exist (404, in the record's own words: `notFound`);
 * someone who may know it but lacks the needed hat gets 403. Every module decides access here.
 */
export function authorize(hats: ReadonlySet<Hat>, rule: AccessRule, notFound: () => AppError): void {
  const seen = rule.seenBy ? rule.seenBy.some((h) => hats.has(h)) : hats.size > 0
  if (!seen) throw notFound()
  if (!rule.allowed.some((h) => hats.has(h))) throw new Forbidden(`To ${rule.action} you need to be ${rule.allowed.join(' or ')}`)
}
