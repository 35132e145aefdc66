// The authorization matrix (issue 19): every operation of /docs/json × every actor → the status
// it must answer, kept in the table below. The world is built once (matrix-world.ts) with a real
// record behind every path parameter; every cell is called and the differences are reported in
// one assertion. An operation with no row fails the test (a new route lands with its row), and
// so does a row naming an operation that no longer exists. No 401/403/404 body may carry data of
// the world's secrets (another family's child, ID numbers, the invite code, an amount only
// another family paid).
//
// A row's expectation is a default status, then overrides, applied left to right:
//   '404 · insiders 200 · parent 403 · anon 401'
// Groups: anon; school = admin, reviewer; officers = chair, treasurer, auditor, member;
// insiders = school + officers; staff = staffOn, staffOff; outsiders = stranger, otherReviewer;
// or any actor's own name (ACTORS in matrix-world.ts). Cells are called in ACTORS' order
// (strangers first, the authorized last), so where the first authorized call changes the record
// the later ones see its effect (e.g. 409 for a second approval): that is written as observed.
// Rows run in the table's order; `phase` moves a row past the term's end (the settlement and
// refund rows) or to the very end (rows that end the family's care).
// A comment `// ?` marks a cell written as observed whose rightness is in doubt (see the note).
//
// MATRIX_OBSERVED=1 prints the observed statuses in this notation.

import { randomUUID } from 'node:crypto'
import type { InjectOptions } from 'fastify'
import t from 'tap'
import { plausibleYear } from '../helpers/calendar-years.js'
import { multipart } from '../helpers/multipart.js'
import { applicationBody, planBody } from '../plans/helpers.js'
import { wechatCsv } from '../reconciliation/fixtures.js'
import { tx, wx } from '../reconciliation/import-world.js'
import { contractBody, verifiedCheck } from '../staff/helpers.js'
import { ACTORS, type Actor, leaked, type MatrixWorld, matrixWorld } from './matrix-world.js'

interface Req {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  url: string
  body?: unknown
  /** A raw payload with its headers (multipart uploads). */
  raw?: { payload: Buffer; headers: Record<string, string> }
}

type Phase = 'now' | 'term-end' | 'settled' | 'last'

interface Row {
  op: string
  expect: string
  call: (m: MatrixWorld, a: Actor) => Req
  phase?: Phase
  /** Each actor signs in afresh for this row (it ends the session). */
  fresh?: boolean
}

const GROUPS: Record<string, readonly Actor[]> = {
  anon: ['anonymous'],
  school: ['admin', 'reviewer'],
  officers: ['chair', 'treasurer', 'auditor', 'member'],
  insiders: ['admin', 'reviewer', 'chair', 'treasurer', 'auditor', 'member'],
  staff: ['staffOn', 'staffOff'],
  outsiders: ['stranger', 'otherReviewer'],
}

/** The status of every actor a row's expectation names. */
function expand(expect: string): Record<Actor, number> {
  const [first, ...overrides] = expect.split('·').map((s) => s.trim())
  const out = Object.fromEntries(ACTORS.map((a) => [a, Number(first)])) as Record<Actor, number>
  for (const o of overrides) {
    const m = /^([a-zA-Z,]+) (\d{3})$/.exec(o)
    if (!m) throw new Error(`cannot read "${o}" in "${expect}"`)
    for (const name of m[1]!.split(',')) {
      const actors = GROUPS[name] ?? (ACTORS.includes(name as Actor) ? [name as Actor] : null)
      if (!actors) throw new Error(`no actor or group "${name}" in "${expect}"`)
      for (const a of actors) out[a] = Number(m[2])
    }
  }
  for (const [a, s] of Object.entries(out)) if (!(s >= 100 && s < 600)) throw new Error(`no status for ${a} in "${expect}"`)
  return out
}

/** The shortest notation for observed statuses: the commonest as default, then groups, then actors. */
function compact(observed: Record<Actor, number>): string {
  const counts = new Map<number, number>()
  for (const s of Object.values(observed)) counts.set(s, (counts.get(s) ?? 0) + 1)
  const def = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0]
  const parts: string[] = [String(def)]
  const byStatus = new Map<number, string[]>()
  const left = new Set(ACTORS.filter((a) => observed[a] !== def))
  for (const g of ['insiders', 'officers', 'school', 'staff', 'outsiders']) {
    const members = GROUPS[g]!
    const s = observed[members[0]!]
    if (s !== def && members.every((a) => left.has(a) && observed[a] === s)) {
      byStatus.set(s, [...(byStatus.get(s) ?? []), g])
      for (const a of members) left.delete(a)
    }
  }
  for (const a of left) byStatus.set(observed[a], [...(byStatus.get(observed[a]) ?? []), a === 'anonymous' ? 'anon' : a])
  for (const [s, names] of byStatus) parts.push(`${names.join(',')} ${s}`)
  return parts.join(' · ')
}

const get = (url: string): Req => ({ method: 'GET', url })
const post = (url: string, body: unknown = {}): Req => ({ method: 'POST', url, body })
const put = (url: string, body: unknown): Req => ({ method: 'PUT', url, body })
const patch = (url: string, body: unknown): Req => ({ method: 'PATCH', url, body })
/** A number of each actor's own, for bodies that must differ between calls (logins, slugs). */
const n = (a: Actor) => ACTORS.indexOf(a)
const api = '/api/v1'

// ---- The table --------------------------------------------------------------------------------

const TABLE: Row[] = [
  // Platform, public and accounts
  { op: 'health', expect: '200', call: () => get('/health') },
  { op: 'ready', expect: '200', call: () => get('/ready') },
  { op: 'login', expect: '200', call: () => post(`${api}/auth/login`, { login: 'mx-spare', password: 'correct-horse-battery' }) },
  { op: 'logout', expect: '204 · anon 401', call: () => post(`${api}/auth/logout`), fresh: true },
  { op: 'getMe', expect: '200 · anon 401', call: () => get(`${api}/me`) },
  {
    op: 'createUser',
    expect: '201',
    call: (m, a) => post(`${api}/users`, { login: `mx-new-${n(a)}`, password: 'correct-horse-battery', name: `新家长${n(a)}`, phone: '13800000000', inviteCode: m.joinInviteCode }),
  },
  { op: 'joinCommittee', expect: '200 · anon 401', call: (m) => post(`${api}/me/committees`, { inviteCode: m.joinInviteCode }) },
  { op: 'createSchool', expect: '403 · anon 401 · admin 201', call: (_m, a) => post(`${api}/schools`, { name: `矩阵测试小学${n(a)}` }) },
  // each sees only its own schools (an outsider's list is checked for the secrets below)
  { op: 'listSchools', expect: '200 · anon 401', call: () => get(`${api}/schools`) },
  { op: 'getSchool', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}`) },
  {
    op: 'updateSchool',
    expect: '403 · school 200 · staff,outsiders 404 · anon 401',
    call: (m) => patch(`${api}/schools/${m.schoolId}`, { name: 'mx 实验小学', complaintPhone: '010-12345678' }),
  },
  { op: 'addSchoolReviewer', expect: '403 · staff,outsiders 404 · anon 401 · admin 201', call: (m) => post(`${api}/schools/${m.schoolId}/reviewers`, { userId: m.spareUserId }) },
  {
    op: 'addSchoolFinanceOfficer',
    expect: '403 · staff,outsiders 404 · anon 401 · admin 201',
    call: (m) => post(`${api}/schools/${m.schoolId}/finance-officers`, { userId: m.spareUserId }),
  },
  {
    op: 'createCommittee',
    expect: '403 · school 201 · staff,outsiders 404 · anon 401',
    call: (m, a) => post(`${api}/schools/${m.schoolId}/committees`, { name: `矩阵家委会${n(a)}`, slug: `mx-matrix-${n(a)}`, level: 'class', grade: 4, className: `${n(a)}班` }),
  },
  { op: 'listCommittees', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/committees`) },
  { op: 'getCommittee', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/committees/${m.committeeId}`) },
  { op: 'updateCommittee', expect: '403 · school,chair 200 · staff,outsiders 404 · anon 401', call: (m) => patch(`${api}/committees/${m.committeeId}`, { phone: '010-87654321' }) },
  {
    op: 'addCommitteeMember',
    expect: '403 · school,chair 201 · staff,outsiders 404 · anon 401',
    call: (m) => post(`${api}/committees/${m.committeeId}/members`, { userId: m.thirdParentUserId, role: 'member' }),
  },
  {
    op: 'createTerm',
    expect: '403 · school 201 · staff,outsiders 404 · anon 401',
    call: (m, a) => post(`${api}/schools/${m.schoolId}/terms`, { name: `2027年春季学期${n(a)}`, startsOn: '2027-02-22', endsOn: '2027-07-02' }),
  },
  { op: 'listTerms', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/terms`) },

  // Public pages and verification
  { op: 'getPublicPage', expect: '200', call: (m) => get(`/p/${m.slug}`) },
  { op: 'listPublicStatements', expect: '200', call: (m) => get(`/p/${m.slug}/statements`) },
  { op: 'verifyStatements', expect: '200', call: (m) => get(`/p/${m.slug}/statements/verify`) },
  { op: 'getPublicStatement', expect: '200', call: (m) => get(`/p/${m.slug}/statements/${m.statementPeriod}`) },
  { op: 'getPublicStatementJson', expect: '200', call: (m) => get(`/p/${m.slug}/statements/${m.statementPeriod}.json`) },
  { op: 'getPublicStatementCsv', expect: '200', call: (m) => get(`/p/${m.slug}/statements/${m.statementPeriod}.csv`) },
  { op: 'getPublicStatementPdf', expect: '200', call: (m) => get(`/p/${m.slug}/statements/${m.statementPeriod}.pdf`) },
  { op: 'verifyAgreement', expect: '200', call: (m) => post('/p/agreements/verify', { sha256: m.agreementSha256 }) },
  { op: 'verifyContract', expect: '200', call: (m) => post('/p/contracts/verify', { sha256: m.contractSha256 }) },

  // Calendar
  { op: 'getPlanCalendar', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/plans/${m.planId}/calendar?month=2026-10`) },
  {
    op: 'createSchoolClosure',
    expect: '403 · staff,outsiders 404 · anon 401 · reviewer 201 · admin 409',
    call: (m) => post(`${api}/schools/${m.schoolId}/closures`, { date: '2026-08-31', kind: 'closure', reason: '开学准备（矩阵测试）' }),
  },
  { op: 'listSchoolClosures', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/closures`) },
  {
    op: 'confirmCalendarYear',
    expect: '403 · staff,outsiders 404 · anon 401 · reviewer 201 · admin 409',
    call: (m) => post(`${api}/schools/${m.schoolId}/calendar-years`, plausibleYear(2027)),
  },
  { op: 'listCalendarYears', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/calendar-years`) },
  {
    op: 'correctCalendarYear',
    expect: '403 · school 409 · staff,outsiders 404 · anon 401',
    call: (m) => {
      const { holidays, makeupWorkdays } = plausibleYear(2027)
      return post(`${api}/schools/${m.schoolId}/calendar-years/2027/corrections`, { holidays, makeupWorkdays, reason: '按正式通知更正' })
    },
  },
  { op: 'getCalendarYear', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/calendar-years/2027`) },

  // Plans, demand, applications, enrollments
  {
    op: 'createPlan',
    expect: '403 · staff,outsiders 404 · anon 401 · treasurer,chair 201',
    call: (m, a) => post(`${api}/committees/${m.committeeId}/plans`, planBody(m.termId, { title: `矩阵方案${n(a)}` })),
  },
  { op: 'listPlans', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/committees/${m.committeeId}/plans`) },
  { op: 'getPlan', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/plans/${m.planId}`) },
  { op: 'updatePlan', expect: '404 · school,member,auditor 403 · anon 401 · treasurer,chair 200', call: (m) => patch(`${api}/plans/${m.draftPlanId}`, { capacity: 40 }) },
  { op: 'listPlanVersions', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,finance 403', call: (m) => get(`${api}/plans/${m.planId}/versions`) },
  { op: 'openDemand', expect: '404 · school,member,auditor 403 · anon 401 · treasurer 200 · chair 409', call: (m) => post(`${api}/plans/${m.draftPlanId}/demand/open`) },
  {
    op: 'submitDemandResponse',
    expect: '403 · staff,outsiders 404 · anon 401 · otherParent,parent 200',
    call: (m) => put(`${api}/plans/${m.draftPlanId}/demand/responses/me`, { need: true, preferredWeekdays: [1, 3, 5] }),
  },
  { op: 'getDemandSummary', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/plans/${m.draftPlanId}/demand`) },
  { op: 'submitPlan', expect: '403 · staff,outsiders 404 · anon 401 · chair 201', call: (m) => post(`${api}/plans/${m.draftPlanId}/submit`) },
  {
    op: 'reviewPlan',
    expect: '403 · staff,outsiders 404 · anon 401 · reviewer 200',
    call: (m) => post(`${api}/plans/${m.draftPlanId}/review`, { decision: 'return', comment: '请补充安全预案' }),
  },
  { op: 'revisePlan', expect: '403 · staff,outsiders 404 · anon 401 · treasurer 200 · chair 409', call: (m) => post(`${api}/plans/${m.planBId}/revise`) },
  {
    op: 'createApplication',
    expect: '403 · staff,outsiders 404 · anon 401 · otherParent,parent 201',
    call: (m, a) => post(`${api}/plans/${m.planId}/applications`, applicationBody(`矩阵学生${n(a)}`, { student: { name: `矩阵学生${n(a)}`, className: '二年级（3）班' } })),
  },
  { op: 'listApplications', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/plans/${m.planId}/applications`) },
  { op: 'getApplication', expect: '200 · staff,outsiders,otherParent,finance 404 · anon 401', call: (m) => get(`${api}/applications/${m.application.mine}`) },
  {
    op: 'reviewApplication',
    expect: '404 · anon 401 · parent,auditor,treasurer,chair 403 · member,reviewer 200 · admin 409',
    call: (m) => post(`${api}/applications/${m.application.pending}/review`, { decision: 'accept', comment: '材料齐全' }),
  },
  {
    op: 'withdrawApplication',
    expect: '404 · insiders 403 · anon 401 · parent 200',
    call: (m) => post(`${api}/applications/${m.application.toWithdraw}/withdraw`, { reason: '孩子另有安排' }),
  },
  { op: 'runAdmission', expect: '403 · staff,outsiders 404 · anon 401 · chair,reviewer 200', call: (m) => post(`${api}/plans/${m.planId}/admissions/run`) },
  { op: 'listEnrollments', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/plans/${m.planId}/enrollments`) },
  // ? finance 404: it reads this family's account and payments (200), so it knows the enrollment; 403 would fit the rule
  { op: 'getEnrollment', expect: '200 · staff,outsiders,otherParent,finance 404 · anon 401', call: (m) => get(`${api}/enrollments/${m.enrollment.mine}`) },
  // ? finance 404, as getEnrollment
  { op: 'getAgreementPdf', expect: '200 · staff,outsiders,otherParent,finance 404 · anon 401', call: (m) => get(`${api}/enrollments/${m.enrollment.mine}/agreement.pdf`) },
  {
    op: 'signAgreement',
    expect: '404 · insiders 403 · anon 401 · parent 409',
    call: (m) => post(`${api}/enrollments/${m.enrollment.mine}/agreement/sign`, { name: '王小明家长' }),
  },

  // Care staff, vetting, contracts
  {
    op: 'createStaff',
    expect: '403 · staff,outsiders 404 · anon 401 · chair 201',
    call: (m, a) =>
      post(`${api}/committees/${m.committeeId}/staff`, {
        name: `矩阵老师${n(a)}`,
        kind: 'volunteer',
        phone: '13700137002',
        backgroundCheck: { certificateNo: `GA-2026-M${n(a)}`, issuedOn: '2026-08-01' },
      }),
  },
  { op: 'listStaff', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,finance 403', call: (m) => get(`${api}/committees/${m.committeeId}/staff`) },
  { op: 'getStaff', expect: '200 · outsiders,otherParent,parent,staffOn,finance 404 · anon 401', call: (m) => get(`${api}/staff/${m.staff.off}`) },
  {
    op: 'recordStaffCheck',
    expect: '404 · school,staffOff,member,auditor,treasurer 403 · anon 401 · chair 201',
    call: (m) => post(`${api}/staff/${m.staff.off}/checks`, verifiedCheck('health', m.today, 10)),
  },
  {
    op: 'addProvider',
    expect: '403 · school 201 · staff,outsiders 404 · anon 401',
    call: (m, a) => post(`${api}/schools/${m.schoolId}/providers`, { name: `矩阵服务机构${n(a)}` }),
  },
  { op: 'listProviders', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/providers`) },
  {
    op: 'removeProvider',
    expect: '403 · staff,outsiders 404 · anon 401 · reviewer 200 · admin 409',
    call: (m) => post(`${api}/providers/${m.providerId}/remove`, { reason: '资质到期' }),
  },
  { op: 'getStaffSettings', expect: '200 · staff,outsiders 404 · anon 401 · finance 403', call: (m) => get(`${api}/schools/${m.schoolId}/staff-settings`) },
  { op: 'setStaffSettings', expect: '403 · school 200 · staff,outsiders 404 · anon 401', call: (m) => put(`${api}/schools/${m.schoolId}/staff-settings`, m.staffSettings) },
  {
    op: 'createContract',
    expect: '403 · staff,outsiders 404 · anon 401 · chair 201',
    call: (m) => post(`${api}/committees/${m.committeeId}/contracts`, contractBody(m.staff.spare, m.planId, '2026-11-02', '2026-12-31')),
  },
  { op: 'listContracts', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,finance 403', call: (m) => get(`${api}/committees/${m.committeeId}/contracts`) },
  { op: 'listMyContracts', expect: '200 · anon 401', call: () => get(`${api}/me/contracts`) },
  { op: 'getContract', expect: '200 · outsiders,otherParent,parent,staffOff,finance 404 · anon 401', call: (m) => get(`${api}/contracts/${m.contract.on}`) },
  { op: 'getContractPdf', expect: '200 · outsiders,otherParent,parent,staffOff,finance 404 · anon 401', call: (m) => get(`${api}/contracts/${m.contract.on}/contract.pdf`) },
  {
    op: 'signContract',
    expect: '404 · school,member,auditor,treasurer 403 · anon 401 · staffOn,chair 409',
    call: (m) => post(`${api}/contracts/${m.contract.on}/sign`, { name: '周老师' }),
  },
  {
    op: 'terminateContract',
    expect: '404 · school,member,auditor,treasurer 403 · anon 401 · chair 200',
    call: (m) => post(`${api}/contracts/${m.contract.toTerminate}/terminate`, { effectiveOn: '2026-10-31', ground: 'staff_request', reason: '本人申请' }),
  },
  {
    op: 'proposeStaffPayExpense',
    // Her September has no duty in this world: the collector's hats reach the rule (nothing to pay).
    expect: '403 · staff,outsiders 404 · anon 401 · finance,treasurer 422',
    call: (m) => post(`${api}/committees/${m.committeeId}/staff-pay/expenses`, { month: '2026-09', contractId: m.contract.on }),
  },
  {
    op: 'getStaffPay',
    expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,finance 403',
    call: (m) => get(`${api}/committees/${m.committeeId}/staff-pay?month=2026-09`),
  },

  // Sessions: roster, attendance, duty, leave, incidents (today's session is in progress)
  { op: 'getRoster', expect: '200 · outsiders,otherParent,parent,staffOff,finance 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/sessions/${m.today}/roster`) },
  {
    op: 'recordAttendance',
    expect: '403 · outsiders 404 · anon 401 · staffOn 201',
    call: (m) => post(`${api}/plans/${m.planId}/sessions/${m.today}/attendance`, { enrollmentId: m.enrollment.other, status: 'present', at: m.now() }),
  },
  {
    op: 'correctAttendance',
    expect: '403 · outsiders 404 · anon 401 · staffOn 201 · member,treasurer,chair 409',
    call: (m) => post(`${api}/attendance/${m.attendanceId}/corrections`, { status: 'present', at: `${m.today}T16:36:00+08:00`, reason: '到达时间记错' }),
  },
  { op: 'getAttendanceHistory', expect: '404 · insiders 200 · staffOn 403 · anon 401', call: (m) => get(`${api}/attendance/${m.attendanceId}/history`) },
  { op: 'getSessionLog', expect: '404 · insiders 200 · staffOn 403 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/sessions/${m.today}/log`) },
  {
    op: 'recordStaffDuty',
    expect: '403 · outsiders 404 · anon 401 · staffOff 422 · chair 409',
    call: (m) => post(`${api}/plans/${m.planId}/sessions/${m.earlier}/staff-duty`, { staffId: m.staff.off, event: 'sign_in', at: `${m.earlier}T16:20:00+08:00` }),
  },
  {
    op: 'correctStaffDuty',
    expect: '403 · staffOff,outsiders 404 · anon 401 · chair 201',
    call: (m) => post(`${api}/staff-duty/${m.dutyRecordId}/corrections`, { at: `${m.today}T16:21:00+08:00`, reason: '签到时间记错' }),
  },
  { op: 'getStaffDutyHistory', expect: '404 · insiders 200 · staffOn 403 · anon 401', call: (m) => get(`${api}/staff-duty/${m.dutyRecordId}/history`) },
  {
    op: 'reportLeave',
    expect: '404 · insiders 403 · anon 401 · parent 201',
    call: (m) => post(`${api}/enrollments/${m.enrollment.mine}/leave`, { from: '2026-10-26', to: '2026-10-27', reason: '看病' }),
  },
  { op: 'listIncidents', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,finance 403', call: (m) => get(`${api}/committees/${m.committeeId}/incidents`) },
  {
    op: 'acknowledgeIncident',
    expect: '403 · staff,outsiders 404 · anon 401 · chair 200',
    call: (m) => post(`${api}/incidents/${m.incidentId}/acknowledge`, { note: '已电话联系家长，孩子由外婆接回' }),
  },
  { op: 'closeSession', expect: '403 · outsiders 404 · anon 401 · staffOn 200 · chair 409', call: (m) => post(`${api}/plans/${m.planId}/sessions/${m.today}/close`) },

  // Fees, payments, the books
  {
    op: 'runBilling',
    expect: '404 · school,finance,member,auditor,chair 403 · anon 401 · treasurer 201',
    call: (m) => post(`${api}/plans/${m.planId}/billing-runs`, { period: '2026-10' }),
  },
  { op: 'listArrears', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/arrears`) },
  { op: 'listArrearsCsv', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/arrears.csv`) },
  { op: 'getSubsidyClaim', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/subsidy-claim?month=2026-09`) },
  { op: 'getSubsidyClaimCsv', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/subsidy-claim.csv?month=2026-09`) },
  { op: 'getSubsidyClaimPdf', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/subsidy-claim.pdf?month=2026-09`) },
  {
    op: 'recordSubsidy',
    expect: '403 · staff,outsiders 404 · anon 401 · finance 201',
    call: (m) =>
      post(`${api}/committees/${m.committeeId}/subsidies`, { planId: m.planId, month: '2026-09', amountFen: 6300, method: 'bank', receivedOn: m.today, reference: 'CZ-2026-09' }),
  },
  {
    op: 'recordPayment',
    expect: '403 · staff,outsiders 404 · anon 401 · finance 201',
    call: (m, a) =>
      post(`${api}/committees/${m.committeeId}/payments`, {
        enrollmentId: m.enrollment.mine,
        amountFen: 100 + n(a),
        method: 'cash',
        paidAt: `${m.today}T16:00:00+08:00`,
        confirmDuplicate: true,
      }),
  },
  { op: 'getPayment', expect: '200 · staff,outsiders,otherParent 404 · anon 401', call: (m) => get(`${api}/payments/${m.payment.mine}`) },
  { op: 'getReceiptPdf', expect: '200 · staff,outsiders,otherParent 404 · anon 401', call: (m) => get(`${api}/payments/${m.payment.mine}/receipt.pdf`) },
  {
    op: 'reversePayment',
    expect: '403 · staff,outsiders 404 · anon 401 · finance 200',
    call: (m) => post(`${api}/payments/${m.payment.mine}/reverse`, { reason: '金额录错，冲正后重录' }),
  },
  { op: 'getFamilyAccount', expect: '200 · staff,outsiders,otherParent 404 · anon 401', call: (m) => get(`${api}/enrollments/${m.enrollment.mine}/account`) },
  { op: 'getJournal', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/journal`) },
  { op: 'getJournalCsv', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/journal.csv`) },
  { op: 'getTrialBalance', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/trial-balance`) },

  // Expenses and statements
  {
    op: 'recordExpense',
    expect: '403 · staff,outsiders 404 · anon 401 · finance 201',
    call: (m, a) =>
      post(`${api}/committees/${m.committeeId}/expenses`, {
        planId: m.planId,
        category: '活动材料',
        amountFen: 500 + n(a),
        method: 'cash',
        payee: { kind: 'organisation', name: '晨光文具店' },
        spentOn: m.today,
        description: '胶棒',
      }),
  },
  { op: 'listExpenses', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/plans/${m.planId}/expenses`) },
  { op: 'getExpense', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', call: (m) => get(`${api}/expenses/${m.expense.approved}`) },
  {
    op: 'getExpenseAttachment',
    expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401',
    call: (m) => get(`${api}/expenses/${m.expense.approved}/attachments/${m.expense.attachment}`),
  },
  { op: 'approveExpense', expect: '403 · staff,outsiders 404 · anon 401 · auditor 200 · chair 409', call: (m) => post(`${api}/expenses/${m.expense.pending}/approve`) },
  {
    op: 'rejectExpense',
    expect: '403 · staff,outsiders 404 · anon 401 · auditor 200 · chair 409',
    call: (m) => post(`${api}/expenses/${m.expense.toReject}/reject`, { reason: '超出预算' }),
  },
  {
    op: 'publishStatement',
    expect: '403 · staff,outsiders 404 · anon 401 · treasurer 409',
    call: (m) => post(`${api}/committees/${m.committeeId}/statements`, { period: '2026-09' }),
  },
  { op: 'listStatements', expect: '200 · staff,outsiders 404 · anon 401', call: (m) => get(`${api}/committees/${m.committeeId}/statements`) },

  // Reconciliation
  {
    op: 'importStatement',
    expect: '403 · staff,outsiders 404 · anon 401 · finance,treasurer 201',
    call: (m, a) => {
      const file = wechatCsv([tx({ tag: 'memo', time: '2026-10-08 20:00:00', counterparty: '王爸', goods: '转账备注:托管费', amount: '1.00', txNo: wx(200 + n(a)) })])
      return { method: 'POST', url: `${api}/committees/${m.committeeId}/imports`, raw: multipart(null, [{ name: 'wechat.csv', type: 'text/csv', bytes: file.bytes }], 'file') }
    },
  },
  { op: 'listImports', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,member 403', call: (m) => get(`${api}/committees/${m.committeeId}/imports`) },
  { op: 'getImport', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,member 403', call: (m) => get(`${api}/imports/${m.importId}`) },
  // ? the treasurer's 200 comes after the finance office confirmed: nothing left to book, so the collector check (403) is not reached
  {
    op: 'confirmImport',
    expect: '403 · staff,outsiders 404 · anon 401 · finance,treasurer 200',
    call: (m) => post(`${api}/imports/${m.importId}/confirm`, { acceptMatched: true }),
  },
  { op: 'getImportMapping', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,member 403', call: (m) => get(`${api}/committees/${m.committeeId}/import-mapping`) },
  {
    op: 'saveImportMapping',
    expect: '403 · staff,outsiders 404 · anon 401 · finance,treasurer 200',
    call: (m) => put(`${api}/committees/${m.committeeId}/import-mapping`, { date: '交易日期', amount: '金额', counterparty: '对方户名', memo: '摘要', channel: 'bank' }),
  },

  // Surveys and renewal
  {
    op: 'createSurvey',
    expect: '403 · staff,outsiders 404 · anon 401 · chair 201',
    call: (m) =>
      post(`${api}/committees/${m.committeeId}/surveys`, {
        planId: m.planId,
        staffIds: [m.staff.on],
        questions: [{ kind: 'scale', text: '总体满意度' }],
        closesAt: '2026-11-30T18:00:00+08:00',
      }),
  },
  { op: 'listSurveys', expect: '200 · staff,outsiders 404 · anon 401 · otherParent,parent,finance 403', call: (m) => get(`${api}/committees/${m.committeeId}/surveys`) },
  { op: 'listSchoolSurveys', expect: '403 · school 200 · staff,outsiders 404 · anon 401', call: (m) => get(`${api}/schools/${m.schoolId}/surveys`) },
  { op: 'listMySurveys', expect: '200 · anon 401', call: () => get(`${api}/me/surveys`) },
  // ? an invited parent gets 404 (they see their surveys through listMySurveys)
  { op: 'getSurvey', expect: '404 · insiders 200 · anon 401', call: (m) => get(`${api}/surveys/${m.surveyId}`) },
  { op: 'getSurveyResults', expect: '404 · insiders 200 · anon 401', call: (m) => get(`${api}/surveys/${m.surveyId}/results`) },
  { op: 'getSurveySlips', expect: '404 · officers 200 · school 403 · anon 401', call: (m) => get(`${api}/surveys/${m.surveyId}/slips.pdf`) },
  { op: 'getSurveySlipList', expect: '404 · officers 200 · school 403 · anon 401', call: (m) => get(`${api}/surveys/${m.surveyId}/slips.csv`) },
  {
    op: 'submitSurveyResponse',
    expect: '409 · anon 201',
    call: (m) =>
      post(`${api}/surveys/${m.surveyId}/responses`, {
        token: m.surveyToken,
        answers: [
          { staffId: m.staff.on, question: 0, value: 5 },
          { staffId: m.staff.on, question: 1, value: '' },
        ],
      }),
  },
  { op: 'getSurveyEntryPage', expect: '303', call: (m) => get(`/s?code=${m.surveyShortCode}`) },
  { op: 'getSurveyForm', expect: '200', call: (m) => get(`/s/${m.surveyFormToken}`) },
  // a public form: 422 for a JSON body, whoever sends it
  { op: 'submitSurveyForm', expect: '422', call: (m) => post('/s', { token: m.surveyFormToken, 'a.0.0': '4', 'a.0.1': '' }) },
  { op: 'listRenewalDecisions', expect: '404 · insiders 200 · anon 401 · staffOn 403', call: (m) => get(`${api}/contracts/${m.contract.on}/renewal-decisions`) },
  // 422: the createSurvey row made a newer survey, which a decision must cite (renewContract: its decision is outdated by it)
  {
    op: 'recordRenewalDecision',
    expect: '404 · school,staffOn,member,auditor,treasurer 403 · anon 401 · chair 422',
    phase: 'term-end',
    call: (m) => post(`${api}/contracts/${m.contract.on}/renewal-decisions`, { surveyId: m.surveyId, decision: 'renew', reason: '满意度高，同意续聘' }),
  },
  {
    op: 'renewContract',
    expect: '404 · school,staffOn,member,auditor,treasurer 403 · anon 401 · chair 422',
    phase: 'term-end',
    call: (m) => post(`${api}/contracts/${m.contract.on}/renew`, { decisionId: m.decisionId, startsOn: '2027-02-22', endsOn: '2027-07-02' }),
  },

  // Term settlement (after the term) and refunds
  {
    op: 'writeOffArrears',
    expect: '404 · school,member,treasurer 403 · anon 401 · auditor 201 · chair 422',
    phase: 'term-end',
    call: (m) => post(`${api}/enrollments/${m.enrollment.third}/arrears/write-off`, { reason: '家庭突发困难，经家委会议决定核销' }),
  },
  {
    op: 'previewSettlement',
    expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401',
    phase: 'term-end',
    call: (m) => post(`${api}/plans/${m.planId}/settlement/preview`, {}),
  },
  {
    op: 'commitSettlement',
    expect: '404 · school,finance,member,auditor,chair 403 · anon 401 · treasurer 201',
    phase: 'term-end',
    call: (m) => post(`${api}/plans/${m.planId}/settlement`, {}),
  },
  {
    op: 'confirmSettlement',
    expect: '404 · school,finance,member,treasurer 403 · anon 401 · auditor 200 · chair 409',
    phase: 'term-end',
    call: (m) => post(`${api}/plans/${m.planId}/settlement/confirm`),
  },
  { op: 'listRefunds', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', phase: 'settled', call: (m) => get(`${api}/plans/${m.planId}/refunds`) },
  { op: 'listRefundsCsv', expect: '200 · staff,outsiders,otherParent,parent 404 · anon 401', phase: 'settled', call: (m) => get(`${api}/plans/${m.planId}/refunds.csv`) },
  { op: 'listFamilyRefunds', expect: '200 · staff,outsiders,otherParent 404 · anon 401', phase: 'settled', call: (m) => get(`${api}/enrollments/${m.enrollment.mine}/refunds`) },
  { op: 'getRefund', expect: '200 · staff,outsiders,otherParent 404 · anon 401', phase: 'settled', call: (m) => get(`${api}/refunds/${m.refundId}`) },
  {
    op: 'markRefundPaid',
    expect: '403 · staff,outsiders,otherParent 404 · anon 401 · finance 200',
    phase: 'settled',
    call: (m) => post(`${api}/refunds/${m.refundId}/paid`, { method: 'bank', paidAt: '2027-01-04T09:30:00+08:00', reference: 'TK-0001' }),
  },
  { op: 'getRefundReceiptPdf', expect: '200 · staff,outsiders,otherParent 404 · anon 401', phase: 'settled', call: (m) => get(`${api}/refunds/${m.refundId}/receipt.pdf`) },

  // The family's care ends: last of all
  // after the term every date is refused (422): the rule is reached only after the access check
  {
    op: 'withdrawEnrollment',
    expect: '404 · insiders 403 · anon 401 · parent 422',
    phase: 'last',
    call: (m) => post(`${api}/enrollments/${m.enrollment.mine}/withdraw`, { effectiveOn: '2027-01-05', reason: '转学' }),
  },
]

// ---- The run -----------------------------------------------------------------------------------

interface Operation {
  method: string
  template: string
  pattern: RegExp
}

// About 45 s alone on PGlite; on a loaded machine it has taken two minutes, the suite's default limit.
t.setTimeout(300_000)

t.test('authorization matrix: every operation × every actor answers as the table says, and no refusal carries data', async (t) => {
  const started = Date.now()
  const m = await matrixWorld(t)
  const built = Date.now()
  const doc = (await m.ta.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { operationId?: string }>> }
  const operations = new Map<string, Operation>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!op.operationId) continue
      const pattern = new RegExp(`^${path.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/.]+')}$`)
      operations.set(op.operationId, { method: method.toUpperCase(), template: path, pattern })
    }
  }

  const rows = new Map<string, Row>()
  const duplicates = TABLE.filter((r) => rows.has(r.op) || !rows.set(r.op, r)).map((r) => r.op)
  const missing = [...operations.keys()].filter((op) => !rows.has(op))
  const stale = [...rows.keys()].filter((op) => !operations.has(op))
  t.strictSame(missing, [], 'every operation in /docs/json has a row in the matrix')
  t.strictSame(stale, [], 'every row of the matrix names an operation in /docs/json')
  t.strictSame(duplicates, [], 'one row per operation')

  const differences: string[] = []
  const leaks: string[] = []
  const observed: string[] = []
  let cells = 0
  const run = async (row: Row) => {
    const operation = operations.get(row.op)
    if (!operation) return
    const expected = expand(row.expect)
    const got = {} as Record<Actor, number>
    for (const actor of ACTORS) {
      const token = actor === 'anonymous' ? null : row.fresh ? await m.freshToken(actor) : m.tokens[actor]
      const req = row.call(m, actor)
      const path = req.url.split('?')[0]!
      if (req.method !== operation.method || !operation.pattern.test(path)) {
        differences.push(`${row.op}: the row calls ${req.method} ${path}, not ${operation.method} ${operation.template}`)
        break
      }
      const headers: Record<string, string> = {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(req.method === 'GET' ? {} : { 'idempotency-key': randomUUID() }),
        ...req.raw?.headers,
      }
      const opts: InjectOptions = { method: req.method, url: req.url, headers }
      if (req.raw) opts.payload = req.raw.payload
      else if (req.method !== 'GET') opts.payload = (req.body ?? {}) as InjectOptions['payload']
      const res = await m.ta.app.inject(opts)
      cells += 1
      got[actor] = res.statusCode
      if (process.env.MATRIX_OBSERVED && (res.statusCode === 409 || res.statusCode === 422))
        observed.push(`  //   ${row.op} × ${actor}: ${res.statusCode} ${res.headers['content-type']?.toString().includes('json') ? res.json().code : res.body.slice(0, 80)}`)
      if (expected[actor] !== res.statusCode) {
        const problem = res.headers['content-type']?.toString().includes('json') && res.statusCode >= 400 ? ` (${res.json().code})` : ''
        differences.push(`${row.op} × ${actor}: expected ${expected[actor]}, got ${res.statusCode}${problem}`)
      }
      if ([401, 403, 404].includes(res.statusCode)) {
        const type = res.headers['content-type']?.toString() ?? ''
        if (!type.startsWith('application/problem+json')) leaks.push(`${row.op} × ${actor}: ${res.statusCode} as ${type || 'no content type'}, not problem+json`)
        const found = leaked(res, m.secrets)
        if (found.length > 0) leaks.push(`${row.op} × ${actor}: ${res.statusCode} carries ${found.join(', ')}`)
      } else if (actor === 'stranger' || actor === 'otherReviewer' || actor === 'anonymous') {
        // Whatever else they get (public pages, their own records), strangers never see this committee's families.
        const found = leaked(res, m.secrets)
        if (found.length > 0) leaks.push(`${row.op} × ${actor}: ${res.statusCode} carries ${found.join(', ')}`)
      }
    }
    observed.push(`  { op: '${row.op}', expect: '${compact(got)}' },`)
  }
  const phase = (p: Phase) => TABLE.filter((r) => (r.phase ?? 'now') === p)
  for (const row of phase('now')) await run(row)
  await m.toTermEnd()
  for (const row of phase('term-end')) await run(row)
  await m.afterSettlement()
  for (const row of phase('settled')) await run(row)
  for (const row of phase('last')) await run(row)

  if (process.env.MATRIX_OBSERVED) t.comment(`observed:\n${observed.join('\n')}`)
  t.comment(
    `authorization matrix: ${rows.size} operations × ${ACTORS.length} actors = ${cells} cells (world built in ${((built - started) / 1000).toFixed(1)} s, cells called in ${((Date.now() - built) / 1000).toFixed(1)} s)`,
  )
  t.strictSame(differences, [], `every cell answers the status of the table (${differences.length} differ)`)
  t.strictSame(leaks, [], 'every 401/403/404 is problem+json and carries none of the secrets')
})
