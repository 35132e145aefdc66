import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** A timestamp column: read as Date, written as Date or ISO string, defaulted by the database. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** `date` columns are read as 'YYYY-MM-DD' strings on both drivers (see db/index.ts). */
export type IsoDate = string

export interface UsersTable {
  id: Generated<string>
  login: string
  name: string
  phone: string | null
  password_hash: string
  is_admin: Generated<boolean>
  created_at: CreatedAt
}

export interface SessionsTable {
  token_hash: string
  user_id: string
  created_at: CreatedAt
  expires_at: Timestamp
}

export interface SchoolsTable {
  id: Generated<string>
  name: string
  created_at: CreatedAt
}

export interface SchoolReviewersTable {
  school_id: string
  user_id: string
  created_at: CreatedAt
}

export type CommitteeLevel = 'school' | 'grade' | 'class'
export type CommitteeRole = 'chair' | 'treasurer' | 'auditor' | 'member'

export interface CommitteesTable {
  id: Generated<string>
  school_id: string
  name: string
  slug: string
  level: CommitteeLevel
  grade: number | null
  class_name: string | null
  invite_code: string
  created_at: CreatedAt
}

export interface CommitteeMembersTable {
  committee_id: string
  user_id: string
  role: CommitteeRole
  created_at: CreatedAt
}

export interface CommitteeParentsTable {
  committee_id: string
  user_id: string
  created_at: CreatedAt
}

export interface TermsTable {
  id: Generated<string>
  school_id: string
  name: string
  starts_on: IsoDate
  ends_on: IsoDate
  created_at: CreatedAt
}

export interface AuditEventsTable {
  id: Generated<string>
  at: CreatedAt
  actor_user_id: string | null
  action: string
  entity_type: string
  entity_id: string
  request_id: string | null
  data: ColumnType<unknown, string | undefined, never>
}

export interface IdempotencyKeysTable {
  user_id: string
  key: string
  request_hash: string
  status_code: number | null
  response_body: string | null
  content_type: string | null
  created_at: CreatedAt
}

export interface DB {
  users: UsersTable
  sessions: SessionsTable
  schools: SchoolsTable
  school_reviewers: SchoolReviewersTable
  committees: CommitteesTable
  committee_members: CommitteeMembersTable
  committee_parents: CommitteeParentsTable
  terms: TermsTable
  audit_events: AuditEventsTable
  idempotency_keys: IdempotencyKeysTable
}

export type User = Selectable<UsersTable>
export type Committee = Selectable<CommitteesTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
