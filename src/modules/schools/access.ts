import type { Principal } from '../../context.js'
import type { CommitteeRole } from '../../db/schema.js'
import { Forbidden, NotFound } from '../../errors.js'

/** Every hat a user can wear towards a committee's data. */
export type Hat = 'admin' | 'reviewer' | CommitteeRole | 'parent'

export const COMMITTEE_OFFICERS: Hat[] = ['chair', 'treasurer', 'auditor', 'member']
export const OVERSIGHT: Hat[] = ['admin', 'reviewer']

export function hatsForCommittee(actor: Principal, committee: { id: string; schoolId: string }): Set<Hat> {
  const hats = new Set<Hat>(actor.committees.get(committee.id)?.roles ?? [])
  if (actor.isAdmin) hats.add('admin')
  if (actor.reviewerOf.has(committee.schoolId)) hats.add('reviewer')
  return hats
}

/**
 * The one authorization rule: someone with no relation to the committee learns nothing (404,
 * as if it did not exist); someone who can see it but lacks the needed hat gets 403.
 */
export function authorizeCommittee(actor: Principal, committee: { id: string; schoolId: string }, allowed: readonly Hat[], action: string): Set<Hat> {
  const hats = hatsForCommittee(actor, committee)
  if (hats.size === 0) throw new NotFound('committee', `Committee ${committee.id} not found`)
  if (!allowed.some((h) => hats.has(h))) {
    throw new Forbidden(`To ${action} you need to be ${allowed.join(' or ')} of this committee`)
  }
  return hats
}

/** Schools are visible to the admin, their reviewers, and anyone in one of their committees. */
export function authorizeSchool(actor: Principal, schoolId: string, allowed: readonly ('admin' | 'reviewer' | 'community')[], action: string): void {
  const hats = new Set<string>()
  if (actor.isAdmin) hats.add('admin')
  if (actor.reviewerOf.has(schoolId)) hats.add('reviewer')
  for (const c of actor.committees.values()) if (c.schoolId === schoolId) hats.add('community')
  if (hats.size === 0) throw new NotFound('school', `School ${schoolId} not found`)
  if (!allowed.some((h) => hats.has(h))) throw new Forbidden(`To ${action} you need to be ${allowed.join(' or ')} of this school`)
}
