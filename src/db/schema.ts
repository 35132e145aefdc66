import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/**
 * When a row was made. Written by the service from the app's clock (ctx.now), never left to the
 * database's now(): rules read these times (admission orders by submission), and tests and the
 * demo move the clock. Required on insert so a forgotten one does not compile.
 */
type CreatedAt = ColumnType<Date, Date, never>
type Timestamp = ColumnType<Date, Date | string, Date | string>
/** Last change, likewise from the clock. */
type UpdatedAt = ColumnType<Date, Date, Date>
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
  /** Contact and complaint phones printed on care agreements (migration 0005). */
  phone: ColumnType<string | null, string | null | undefined, string | null>
  complaint_phone: ColumnType<string | null, string | null | undefined, string | null>
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
  phone: ColumnType<string | null, string | null | undefined, string | null>
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

export type PlanStatus = 'draft' | 'demand_open' | 'submitted' | 'returned' | 'approved' | 'closed'
export type Billing = 'monthly' | 'term'
/** jsonb columns: read as parsed values, written as JSON text. */
type Json<T> = ColumnType<T, string, string>
type Money = ColumnType<number, number, number>

export interface PlanSchedule {
  weekdays: number[]
  startTime: string
  endTime: string
}
export interface PlanContent {
  activities: string[]
  description: string
}
export interface BudgetLine {
  category: string
  amountFen: number
}

/** Who collects a plan's fees: the committee's treasurer, or the school's finance office into its account. */
export type Collector = 'committee' | 'school'
/** A month a family is in care for part of: the whole fee, or the fee × its service days ÷ the plan's. */
export type PartialMonth = 'none' | 'service_days'
/**
 * Credits for leave service days: none; a fixed amount per day (one city refunds 3.36 yuan); or
 * the day rate (the monthly fee ÷ the plan's service days that month, rounded down). Optionally
 * only runs of at least `minConsecutiveDays` leave service days count (all days of such a run).
 */
export type LeaveCreditRule =
  | { kind: 'none' }
  | { kind: 'fixed'; amountFen: number; minConsecutiveDays?: number | undefined }
  | { kind: 'day_rate'; minConsecutiveDays?: number | undefined }
/** A government subsidy per student per service day, counted by enrolled or by attended days. */
export interface SubsidyRule {
  ratePerDayFen: number
  basis: 'enrolled' | 'attended'
}

/** The money terms of a plan, frozen with each version the school approves. */
interface MoneyTermColumns {
  collector: ColumnType<Collector, Collector | undefined, Collector>
  partial_month: ColumnType<PartialMonth, PartialMonth | undefined, PartialMonth>
  leave_credit: ColumnType<LeaveCreditRule, string | undefined, string>
  due_days: ColumnType<number, number | undefined, number>
  subsidy: ColumnType<SubsidyRule | null, string | null | undefined, string | null>
}

export interface PlansTable extends MoneyTermColumns {
  id: Generated<string>
  committee_id: string
  term_id: string
  status: ColumnType<PlanStatus, PlanStatus | undefined, PlanStatus>
  title: string
  content: Json<PlanContent>
  schedule: Json<PlanSchedule>
  billing: Billing
  fee_fen: Money
  capacity: number
  budget: Json<BudgetLine[]>
  expected_participants: number
  refund_policy: string
  demand_opened_at: Date | null
  latest_version: Generated<number>
  approved_version: number | null
  created_by: string
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export interface PlanVersionsTable extends MoneyTermColumns {
  plan_id: string
  version: number
  title: string
  content: Json<PlanContent>
  schedule: Json<PlanSchedule>
  billing: Billing
  fee_fen: Money
  capacity: number
  budget: Json<BudgetLine[]>
  expected_participants: number
  refund_policy: string
  demand_count: number
  demand_needed: number
  submitted_by: string
  submitted_at: CreatedAt
}

export interface PlanReviewsTable {
  id: Generated<string>
  plan_id: string
  version: number
  decision: 'approve' | 'return'
  comment: Generated<string>
  reviewer_id: string
  created_at: CreatedAt
}

export interface DemandResponsesTable {
  plan_id: string
  user_id: string
  need: boolean
  preferred_weekdays: ColumnType<number[], number[] | undefined, number[]>
  students: Generated<number>
  note: string | null
  created_at: CreatedAt
  updated_at: UpdatedAt
}

export type ApplicationStatus = 'submitted' | 'first_accepted' | 'approved' | 'waitlisted' | 'rejected' | 'withdrawn'
export type PriorityGroup = 'disabled' | 'left_behind' | 'migrant' | 'low_income'

export interface StudentInfo {
  name: string
  className: string
  studentNo?: string
}
export interface GuardianInfo {
  name: string
  phone: string
  relation: string
}
export interface PickupPerson {
  name: string
  phone: string
  relation: string
}
export interface PickupArrangement {
  persons: PickupPerson[]
  /** Goes home alone: only with the guardian's written consent (the consent text is recorded). */
  goesHomeAlone: boolean
  aloneConsent?: string
}

export interface ApplicationsTable {
  id: Generated<string>
  plan_id: string
  plan_version: number
  guardian_user_id: string
  student: Json<StudentInfo>
  guardian: Json<GuardianInfo>
  pickup: Json<PickupArrangement>
  special_needs: string | null
  priority: ColumnType<PriorityGroup[], PriorityGroup[] | undefined, PriorityGroup[]>
  low_income_certificate: string | null
  signature_name: string
  signed_ip: string | null
  signed_user_agent: string | null
  status: ColumnType<ApplicationStatus, ApplicationStatus | undefined, ApplicationStatus>
  created_at: CreatedAt
  updated_at: UpdatedAt
}

/** A priority claim a reviewer found unsupported (migration 0005): the family sees the reason. */
export interface ApplicationPriorityStrikesTable {
  id: Generated<string>
  application_id: string
  priority_group: PriorityGroup
  stage: 'first' | 'approval'
  reason: string
  struck_by: string
  struck_at: CreatedAt
}

export interface ApplicationReviewsTable {
  id: Generated<string>
  application_id: string
  stage: 'first' | 'approval'
  decision: 'accept' | 'reject'
  comment: Generated<string>
  reviewer_id: string
  created_at: CreatedAt
}

export type EnrollmentStatus = 'awaiting_agreement' | 'active' | 'withdrawn'

export interface EnrollmentsTable {
  id: Generated<string>
  application_id: string
  plan_id: string
  plan_version: number
  guardian_user_id: string
  status: ColumnType<EnrollmentStatus, EnrollmentStatus | undefined, EnrollmentStatus>
  fee_waived: Generated<boolean>
  starts_on: IsoDate | null
  withdrawn_on: IsoDate | null
  withdraw_reason: string | null
  /** 协议编号 "JW-2026-000123", given when the enrollment is made (migration 0005). */
  agreement_no: ColumnType<string | null, string | null | undefined, never>
  created_at: CreatedAt
}

export interface AgreementCountersTable {
  committee_id: string
  year: number
  last_no: number
}

export interface AgreementSignaturesTable {
  enrollment_id: string
  signer_user_id: string
  signer_name: string
  document_sha256: string
  document_created_at: Timestamp
  signed_pdf: Buffer
  ip: string | null
  user_agent: string | null
  signed_at: CreatedAt
}

// Service calendar, staff, attendance (migration 0003). Records of care are append-only.
export interface SchoolDayOverridesTable {
  id: Generated<string>
  school_id: string
  date: IsoDate
  kind: 'closure' | 'open'
  reason: string
  created_by: string
  created_at: CreatedAt
}

export interface CalendarYearsTable {
  school_id: string
  year: number
  holidays: Json<{ date: IsoDate; name: string }[]>
  makeup_workdays: Json<{ date: IsoDate; name?: string }[]>
  confirmed_by: string
  confirmed_at: CreatedAt
  source: ColumnType<string | null, string | null | undefined, never>
}

/** A later version of a confirmed year, with the reason; the highest version is in force. */
export interface CalendarYearCorrectionsTable {
  id: Generated<string>
  school_id: string
  year: number
  version: number
  holidays: Json<{ date: IsoDate; name: string }[]>
  makeup_workdays: Json<{ date: IsoDate; name?: string }[]>
  reason: string
  source: string | null
  corrected_by: string
  corrected_at: CreatedAt
}

export type StaffKind = 'teacher' | 'retired_teacher' | 'external' | 'volunteer'

export interface StaffTable {
  id: Generated<string>
  committee_id: string
  user_id: string | null
  name: string
  kind: StaffKind
  phone: string
  background_certificate_no: string
  background_issued_on: IsoDate
  qualifications: ColumnType<string[], string | undefined, string>
  /** A third-party staff member's provider on the school's white list (migration 0006). */
  provider_id: ColumnType<string | null, string | null | undefined, never>
  created_by: string
  created_at: CreatedAt
}

export type AttendanceKind = 'check_in' | 'check_out'
export type AttendanceStatus = 'present' | 'absent' | 'leave'

export interface AttendanceRecordsTable {
  id: Generated<string>
  school_id: string
  plan_id: string
  enrollment_id: string
  service_date: IsoDate
  kind: AttendanceKind
  status: AttendanceStatus | null
  picked_up_by_name: string | null
  picked_up_by_phone: string | null
  picked_up_by_relation: string | null
  went_home_alone: Generated<boolean>
  at: Timestamp
  recorded_by: string
  recorder_staff_id: string | null
  corrects_id: string | null
  reason: string | null
  created_at: CreatedAt
}

export interface LeaveRequestsTable {
  id: Generated<string>
  plan_id: string
  enrollment_id: string
  starts_on: IsoDate
  ends_on: IsoDate
  reason: string
  reported_by: string
  created_at: CreatedAt
}

export interface CareSessionsTable {
  plan_id: string
  service_date: IsoDate
  closed_by: string
  closed_at: CreatedAt
}

export interface IncidentStudent {
  enrollmentId: string
  name: string
  className: string
  checkedInAt: string
}

export interface SessionIncidentsTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  service_date: IsoDate
  kind: 'not_checked_out'
  students: Json<IncidentStudent[]>
  created_at: CreatedAt
}

export interface IncidentAcknowledgementsTable {
  incident_id: string
  acknowledged_by: string
  note: string
  acknowledged_at: CreatedAt
}

export type DutyEvent = 'sign_in' | 'sign_out'

export interface StaffDutyRecordsTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  service_date: IsoDate
  staff_id: string
  event: DutyEvent
  at: Timestamp
  recorded_by: string
  corrects_id: string | null
  reason: string | null
  created_at: CreatedAt
}

// Money (migration 0004). Every row here is append-only but the counters and the books' state.
export interface SchoolFinanceOfficersTable {
  school_id: string
  user_id: string
  created_at: CreatedAt
}

export interface LedgerBooksTable {
  committee_id: string
  published_through: string | null
  created_at: CreatedAt
}

export interface FundsTable {
  plan_id: string
  committee_id: string
  closed_at: Date | null
  created_at: CreatedAt
}

export type EntrySource =
  | 'charge'
  | 'charge_correction'
  | 'leave_credit'
  | 'payment'
  | 'payment_reversal'
  | 'subsidy'
  | 'expense'
  | 'write_off'
  | 'refund'
  | 'refund_payment'
  | 'adjustment'

export interface JournalEntriesTable {
  id: Generated<string>
  seq: ColumnType<number, never, never>
  committee_id: string
  plan_id: string
  entry_date: IsoDate
  period: string
  source_type: EntrySource
  source_id: string | null
  description: string
  reverses_entry_id: string | null
  reason: string | null
  request_id: string | null
  created_by: string | null
  posted_at: Date
}

export type Account =
  | 'cash:cash'
  | 'cash:bank'
  | 'cash:wechat'
  | 'cash:alipay'
  | 'receivable'
  | 'family_credit'
  | 'fee_income'
  | 'waivers'
  | 'leave_credits'
  | 'write_offs'
  | 'subsidy_receivable'
  | 'subsidy_income'
  | 'expense'
  | 'refunds_payable'
  | 'surplus_refunds'
  | 'carry_over'

export interface JournalLinesTable {
  entry_id: string
  line_no: number
  plan_id: string
  account: Account
  enrollment_id: string | null
  category: string | null
  amount_fen: Money
}

export interface ChargesTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  enrollment_id: string
  period: string
  plan_version: number
  standard_fen: Money
  amount_fen: Money
  waived_fen: Money
  service_days: number
  plan_service_days: number
  partial_month: PartialMonth
  charged_on: IsoDate
  due_on: IsoDate
  entry_id: string
  created_at: CreatedAt
}

/** A charge corrected after a withdrawal left it service days no longer in care (migration 0011): once per charge. */
export interface ChargeCorrectionsTable {
  id: Generated<string>
  plan_id: string
  enrollment_id: string
  charge_id: string
  reason: 'withdrawal'
  /** The withdrawal's first day without care that the correction is for. */
  withdrawn_on: IsoDate
  /** The service days of the charge still in care: what the corrected charge counts. */
  service_days: number
  /** Fee income given back: the charge less the charge for the days still in care. */
  amount_fen: Money
  /** Of which waived (a low-income family's waiver undone with it). */
  waived_fen: Money
  entry_id: string
  created_at: CreatedAt
}

export interface LeaveCreditMonthsTable {
  plan_id: string
  period: string
  booked_at: Date
  credits: number
}

export interface LeaveCreditsTable {
  id: Generated<string>
  plan_id: string
  enrollment_id: string
  period: string
  leave_days: number
  amount_fen: Money
  entry_id: string
  created_at: CreatedAt
}

export type PaymentMethod = 'cash' | 'bank' | 'wechat' | 'alipay'

export interface ReceiptCountersTable {
  committee_id: string
  year: number
  last_seq: number
}

export interface PaymentsTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  enrollment_id: string
  amount_fen: Money
  method: PaymentMethod
  paid_at: Date
  reference: string | null
  receipt_year: number
  receipt_seq: number
  receipt_no: string
  received_by: string
  received_as: 'treasurer' | 'school-finance'
  confirmed_duplicate: boolean
  idempotency_key: string | null
  entry_id: string
  created_at: CreatedAt
}

export interface PaymentAllocationsTable {
  payment_id: string
  charge_id: string
  amount_fen: Money
}

export interface PaymentReversalsTable {
  payment_id: string
  reason: string
  entry_id: string
  reversed_by: string
  created_at: CreatedAt
}

export interface SubsidiesTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  period: string
  amount_fen: Money
  claimed_fen: Money
  method: PaymentMethod
  received_on: IsoDate
  reference: string | null
  recorded_by: string
  entry_id: string
  created_at: CreatedAt
}

// Expenses and statements (migration 0007).
export interface ExpensesTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  category: string
  amount_fen: Money
  method: PaymentMethod
  payee: string
  payee_kind: 'person' | 'organisation'
  payee_role: string | null
  spent_on: IsoDate
  description: string
  contract_id: string | null
  /** Staff pay proposed from the duty records: the month it pays ("YYYY-MM"). */
  pay_month: Generated<string | null>
  recorded_by: string
  idempotency_key: string | null
  created_at: CreatedAt
}

export type AttachmentType = 'image/jpeg' | 'image/png' | 'application/pdf'

export interface ExpenseAttachmentsTable {
  id: Generated<string>
  expense_id: string
  file_name: string
  content_type: AttachmentType
  size_bytes: number
  sha256: string
  bytes: Buffer
  created_at: CreatedAt
}

export interface ExpenseDecisionsTable {
  expense_id: string
  decision: 'approved' | 'rejected'
  decided_by: string
  reason: string | null
  entry_id: string | null
  created_at: CreatedAt
}

export interface StatementsTable {
  id: Generated<string>
  committee_id: string
  seq: number
  kind: 'month' | 'settlement'
  period: string
  plan_id: string | null
  canonical: string
  previous_hash: string
  hash: string
  published_by: string
  published_at: Date
}

// Settlement (migration 0008).
export interface WriteOffsTable {
  id: Generated<string>
  plan_id: string
  enrollment_id: string
  amount_fen: Money
  reason: string
  decided_by: string
  entry_id: string
  created_at: CreatedAt
}

export interface SettlementProposalsTable {
  id: Generated<string>
  plan_id: string
  figures: ColumnType<unknown, string, never>
  figures_sha256: string
  proposed_by: string
  created_at: CreatedAt
}

export interface SettlementsTable {
  plan_id: string
  proposal_id: string
  confirmed_by: string
  statement_seq: number
  created_at: CreatedAt
}

export interface RefundsTable {
  id: Generated<string>
  plan_id: string
  enrollment_id: string
  refund_no: string
  share_fen: Money
  held_fen: Money
  paid_basis_fen: Money
  entry_id: string
  created_at: CreatedAt
}

export interface RefundPaymentsTable {
  refund_id: string
  method: PaymentMethod
  paid_at: Date
  reference: string | null
  paid_by: string
  entry_id: string
  created_at: CreatedAt
}

export type ImportChannel = 'wechat' | 'alipay' | 'bank'
export type ImportRowStatus = 'matched' | 'ambiguous' | 'unmatched' | 'already-recorded' | 'decided-before'
export type ImportDecision = 'confirmed' | 'skipped' | 'already-recorded'

export interface StatementImportsTable {
  id: Generated<string>
  committee_id: string
  file_sha256: string
  format: string
  channel: ImportChannel
  file_rows: number
  skipped: ColumnType<{ line: number; reason: string }[], string, never>
  uploaded_by: string
  created_at: CreatedAt
}

export interface StatementImportRowsTable {
  import_id: string
  line: number
  occurred_at: Date
  amount_fen: Money
  transaction_no: string
  status: ImportRowStatus
  enrollment_id: string | null
  reasons: ColumnType<string[], string, never>
  candidates: ColumnType<string[], string, never>
  duplicate_of: number | null
  warning: string | null
}

export interface StatementImportPayersTable {
  import_id: string
  line: number
  payer_name: string
  payer_account: string | null
  memo: string
  method: string
}

export interface StatementImportConfirmationsTable {
  import_id: string
  confirmed_by: string
  created_at: CreatedAt
}

export interface StatementImportDecisionsTable {
  import_id: string
  line: number
  committee_id: string
  channel: ImportChannel
  transaction_no: string
  decision: ImportDecision
  enrollment_id: string | null
  corrected: Generated<boolean>
  payment_id: string | null
}

export interface PayerAliasesTable {
  id: Generated<string>
  committee_id: string
  enrollment_id: string
  channel: ImportChannel
  payer_name: string | null
  payer_account: string | null
  learned_from: string
  created_at: CreatedAt
}

export interface ImportMappingsTable {
  committee_id: string
  mapping: ColumnType<unknown, string, string>
  updated_by: string
  updated_at: Date
}

// Care staff: vetting, hiring contracts, satisfaction surveys, renewal (migration 0006).
export interface StaffProvidersTable {
  id: Generated<string>
  school_id: string
  name: string
  credit_code: string | null
  added_by: string
  added_at: CreatedAt
  removed_on: IsoDate | null
  removed_by: string | null
  removal_reason: string | null
}

export interface StaffSchoolSettingsTable {
  school_id: string
  check_max_age_months: number
  updated_by: string
  updated_at: UpdatedAt
}

export type StaffCheckKind = 'background' | 'health'

export interface StaffChecksTable {
  id: Generated<string>
  staff_id: string
  kind: StaffCheckKind
  certificate_no: string
  issued_on: IsoDate
  verified_by: string | null
  verified_on: IsoDate | null
  recorded_by: string
  recorded_at: CreatedAt
}

export type PayType = 'hourly' | 'session' | 'monthly'

export interface StaffContractsTable {
  id: Generated<string>
  committee_id: string
  plan_id: string
  staff_id: string
  contract_no: string
  role: string
  duties: Json<string[]>
  pay_type: PayType
  rate_fen: Money
  pay_day: number
  starts_on: IsoDate
  ends_on: IsoDate
  representative_user_id: string
  /** The HiringContractData the PDF is rendered from, frozen when the contract is drawn up. */
  document: Json<unknown>
  renews_contract_id: string | null
  renewal_decision_id: string | null
  created_by: string
  created_at: CreatedAt
}

export type ContractParty = 'chair' | 'staff'

export interface ContractSignaturesTable {
  contract_id: string
  party: ContractParty
  signer_user_id: string
  signer_name: string
  document_sha256: string
  signed_pdf: Buffer
  signed_pdf_sha256: string
  ip: string | null
  user_agent: string | null
  signed_at: CreatedAt
}

export type TerminationGround = 'not_competent' | 'misconduct' | 'vetting_lapsed' | 'staff_request' | 'mutual' | 'other'

export interface ContractTerminationsTable {
  contract_id: string
  effective_on: IsoDate
  ground: TerminationGround
  reason: string
  terminated_by: string
  terminated_at: CreatedAt
}

export type SurveyAudience = 'parent' | 'student'
export type SurveyQuestion = { kind: 'scale'; text: string } | { kind: 'choice'; text: string; options: string[] } | { kind: 'text'; text: string }

export interface SurveysTable {
  id: Generated<string>
  school_id: string
  committee_id: string
  plan_id: string
  term_id: string
  title: string
  questions: Json<SurveyQuestion[]>
  audiences: Json<SurveyAudience[]>
  closes_at: Timestamp
  satisfied_threshold_percent: number
  created_by: string
  created_at: CreatedAt
}

export interface SurveyStaffTable {
  survey_id: string
  staff_id: string
  position: number
}

export interface SurveyInvitationsTable {
  id: Generated<string>
  survey_id: string
  audience: SurveyAudience
  guardian_user_id: string | null
  class_name: string | null
  token: string
  short_code: string
  used: Generated<boolean>
}

/** One answer to one question about one staff member. */
export interface SurveyAnswer {
  staffId: string
  question: number
  value: number | string
}

export interface SurveyAnswersTable {
  survey_id: string
  sort_key: Generated<string>
  answers: Json<SurveyAnswer[]>
}

export interface RenewalDecisionsTable {
  id: Generated<string>
  committee_id: string
  contract_id: string
  staff_id: string
  survey_id: string
  decision: 'renew' | 'not_renew'
  reason: string
  results: Json<unknown>
  decided_by: string
  decided_at: CreatedAt
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
  plans: PlansTable
  plan_versions: PlanVersionsTable
  plan_reviews: PlanReviewsTable
  demand_responses: DemandResponsesTable
  applications: ApplicationsTable
  application_reviews: ApplicationReviewsTable
  enrollments: EnrollmentsTable
  agreement_signatures: AgreementSignaturesTable
  agreement_counters: AgreementCountersTable
  application_priority_strikes: ApplicationPriorityStrikesTable
  calendar_year_corrections: CalendarYearCorrectionsTable
  school_day_overrides: SchoolDayOverridesTable
  calendar_years: CalendarYearsTable
  staff: StaffTable
  attendance_records: AttendanceRecordsTable
  leave_requests: LeaveRequestsTable
  care_sessions: CareSessionsTable
  session_incidents: SessionIncidentsTable
  incident_acknowledgements: IncidentAcknowledgementsTable
  staff_duty_records: StaffDutyRecordsTable
  school_finance_officers: SchoolFinanceOfficersTable
  ledger_books: LedgerBooksTable
  funds: FundsTable
  journal_entries: JournalEntriesTable
  journal_lines: JournalLinesTable
  charges: ChargesTable
  charge_corrections: ChargeCorrectionsTable
  leave_credit_months: LeaveCreditMonthsTable
  leave_credits: LeaveCreditsTable
  receipt_counters: ReceiptCountersTable
  payments: PaymentsTable
  payment_allocations: PaymentAllocationsTable
  payment_reversals: PaymentReversalsTable
  subsidies: SubsidiesTable
  expenses: ExpensesTable
  expense_attachments: ExpenseAttachmentsTable
  expense_decisions: ExpenseDecisionsTable
  statements: StatementsTable
  write_offs: WriteOffsTable
  settlement_proposals: SettlementProposalsTable
  settlements: SettlementsTable
  refunds: RefundsTable
  refund_payments: RefundPaymentsTable
  statement_imports: StatementImportsTable
  statement_import_rows: StatementImportRowsTable
  statement_import_payers: StatementImportPayersTable
  statement_import_confirmations: StatementImportConfirmationsTable
  statement_import_decisions: StatementImportDecisionsTable
  payer_aliases: PayerAliasesTable
  import_mappings: ImportMappingsTable
  staff_providers: StaffProvidersTable
  staff_school_settings: StaffSchoolSettingsTable
  staff_checks: StaffChecksTable
  staff_contracts: StaffContractsTable
  contract_signatures: ContractSignaturesTable
  contract_terminations: ContractTerminationsTable
  surveys: SurveysTable
  survey_staff: SurveyStaffTable
  survey_invitations: SurveyInvitationsTable
  survey_answers: SurveyAnswersTable
  renewal_decisions: RenewalDecisionsTable
}

export type User = Selectable<UsersTable>
export type Committee = Selectable<CommitteesTable>
export type NewAuditEvent = Insertable<AuditEventsTable>
