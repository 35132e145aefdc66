import type { CommitteeRole } from './db/schema.js'

/** A committee the user belongs to, with every hat they wear there. */
export interface CommitteeAccess {
  schoolId: string
  roles: Set<CommitteeRole | 'parent'>
}

/** Who is asking, loaded once per request from the bearer token. */
export interface Principal {
  userId: string
  login: string
  name: string
  isAdmin: boolean
  reviewerOf: Set<string>
  /** Schools whose finance office the user works in (the collector where the school collects). */
  financeOf: Set<string>
  committees: Map<string, CommitteeAccess>
}

/** What a service needs to know about a request: the actor, and what goes into the audit trail. */
export interface Ctx {
  actor: Principal
  requestId: string
  /** The instant the app's clock gave this request: every "now" and "today" of a service reads it. */
  now: Date
  ip?: string
  userAgent?: string
}

export interface AnonymousCtx {
  actor: null
  requestId: string
  now: Date
  ip?: string
  userAgent?: string
}
