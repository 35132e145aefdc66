// The world of the authorization matrix: one school's class committee in its autumn 2026 term,
// built once through the API (one app, one database) with a real record behind every path
// parameter, and the people who call it: officers, two care staff (one on duty, one not), the
// school's finance office (the plan's fees are collected by the school), three families, and
// strangers from another school. The clock stands at a session in progress (16:40 on a service
// day in October); `toTermEnd` moves it past the term and settles it, for the refund rows.

import { createHash } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { expectOk } from '../attendance/helpers.js'
import { build, loginAs, PASSWORD, seedAddress, seedWorld, type TestApp, type World } from '../helpers/app.js'
import { plausibleYear } from '../helpers/calendar-years.js'
import { multipart } from '../helpers/multipart.js'
import { addParent, applicationBody, approvedPlan, planBody } from '../plans/helpers.js'
import { wechatCsv } from '../reconciliation/fixtures.js'
import { tx, wx } from '../reconciliation/import-world.js'
import { hire, verifiedCheck } from '../staff/helpers.js'
import { tokensOf } from '../surveys/helpers.js'

export const TERM = { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' }

/** Everyone the matrix calls as, in the order each row calls them (strangers first, the authorized last). */
export const ACTORS = [
  'anonymous',
  'stranger', // a parent in another school
  'otherReviewer', // the reviewer of another school
  'otherParent', // a parent of another family in this committee
  'parent', // a parent of this family (王小明's)
  'staffOff', // care staff with an active contract, not signed in for today's session
  'staffOn', // care staff signed in for today's session
  'finance', // the school's finance office (the plan's fees are collected by the school)
  'member',
  'auditor',
  'treasurer',
  'chair',
  'reviewer', // this school's reviewer
  'admin',
] as const
export type Actor = (typeof ACTORS)[number]

/** Strings no 401/403/404 body may carry: other families' children, ID numbers, the invite code, an amount only one family paid. */
export interface Secrets {
  strings: string[]
  /** Numbers (fen) matched only as whole numbers, so that a UUID's digits do not count. */
  numbers: number[]
}

export const STUDENTS = { mine: '王小明', other: '欧阳秘红', third: '张小刚' } as const
const OTHER_STUDENT_NO = 'S20260777'
const OTHER_GUARDIAN_PHONE = '13912345678'
const OTHER_PAYMENT_FEN = 29_137
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])

export interface MatrixWorld {
  ta: TestApp
  w: World
  tokens: Record<Exclude<Actor, 'anonymous'>, string>
  /** A fresh token for an actor, for the rows that end a session (logout). */
  freshToken(actor: Exclude<Actor, 'anonymous'>): Promise<string>
  schoolId: string
  committeeId: string
  slug: string
  planId: string
  /** A second approved plan, revised by the revisePlan row. */
  planBId: string
  /** A draft plan, for the rows before the school's review. */
  draftPlanId: string
  termId: string
  /** Today's session (in progress) and an earlier one, closed with an incident. */
  today: string
  earlier: string
  now: () => string
  enrollment: { mine: string; other: string; third: string }
  application: { mine: string; pending: string; toWithdraw: string }
  agreementSha256: string
  payment: { mine: string; other: string }
  expense: { approved: string; attachment: string; pending: string; toReject: string }
  statementPeriod: string
  staff: { on: string; off: string; spare: string }
  contract: { on: string; toTerminate: string }
  contractSha256: string
  dutyRecordId: string
  attendanceId: string
  incidentId: string
  surveyId: string
  surveyToken: string
  surveyFormToken: string
  surveyShortCode: string
  importId: string
  providerId: string
  spareUserId: string
  /** The third family's parent: appointed a member by the addCommitteeMember row (officers come from the committee's parents). */
  thirdParentUserId: string
  joinInviteCode: string
  staffSettings: { checkMaxAgeMonths: number }
  /** Set by toTermEnd. */
  refundId: string
  decisionId: string
  secrets: Secrets
  /** Past the term: the remaining months billed, paid and published, the third family's arrears left for the write-off row. */
  toTermEnd(): Promise<void>
  /** After the write-off and the settlement rows: the refunds exist (the settlement confirmed if the rows did not). */
  afterSettlement(): Promise<void>
}

type Teardownable = Parameters<typeof build>[0]

const chinaAt = (date: string, hm: string) => `${date}T${hm}:00+08:00`

export async function matrixWorld(t: Teardownable): Promise<MatrixWorld> {
  const ta = await build(t, {}, { now: chinaAt('2026-08-20', '10:00') })
  const at = (date: string, hm: string) => ta.clock.set(chinaAt(date, hm))
  const w = await seedWorld(ta, 'mx', { term: TERM })
  const other = await seedWorld(ta, 'mo', { term: TERM })
  const admin = ta.as(w.admin)
  const chair = () => ta.as(w.tokens.chair)

  // A committee of the other school nobody in the matrix belongs to: the joinCommittee row joins it.
  const joinCommittee = await expectOk(
    201,
    ta.as(other.admin).post(`/api/v1/schools/${other.schoolId}/committees`, { name: '四年级1班家委会', slug: 'mo-join-4-1', level: 'class', grade: 4, className: '1班' }),
  )

  const newUser = async (login: string, name: string) => (await expectOk(201, admin.post('/api/v1/users', { login, password: PASSWORD, name, phone: '13600000000' }))).id as string
  const financeUserId = await newUser('mx-finance', '学校财务室')
  await expectOk(201, admin.post(`/api/v1/schools/${w.schoolId}/finance-officers`, { userId: financeUserId }))
  const spareUserId = await newUser('mx-spare', '备用账号')

  const plan = await approvedPlan(ta, w, { capacity: 50, collector: 'school', leaveCredit: { kind: 'fixed', amountFen: 336 }, subsidy: { ratePerDayFen: 100, basis: 'enrolled' } })
  const planB = await approvedPlan(ta, w, { title: '三年级（2）班周末阅读方案' })
  const draft = await expectOk(201, chair().post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId, { title: '三年级（2）班延时托管方案（草案）' })))

  // Three families: this one (王小明's), another (whose details are the secrets), a third whose arrears are written off.
  const families = {
    mine: await addParent(ta, w, 'mx-fam-mine'),
    other: await addParent(ta, w, 'mx-fam-other'),
    third: await addParent(ta, w, 'mx-fam-third'),
  }
  const apply = (token: string, student: string, overrides: Record<string, unknown> = {}) =>
    expectOk(201, ta.as(token).post(`/api/v1/plans/${plan.id}/applications`, applicationBody(student, overrides)))
  const approve = async (applicationId: string) => {
    await expectOk(200, ta.as(w.tokens.member).post(`/api/v1/applications/${applicationId}/review`, { decision: 'accept' }))
    return expectOk(200, ta.as(w.tokens.reviewer).post(`/api/v1/applications/${applicationId}/review`, { decision: 'accept' }))
  }
  const mineApp = await apply(families.mine.token, STUDENTS.mine)
  const otherApp = await apply(families.other.token, STUDENTS.other, {
    student: { name: STUDENTS.other, className: '三年级（2）班', studentNo: OTHER_STUDENT_NO },
    guardian: { name: `${STUDENTS.other}妈妈`, phone: OTHER_GUARDIAN_PHONE, relation: '母亲' },
    signature: { name: `${STUDENTS.other}妈妈`, consent: true },
    specialNeeds: '对花生严重过敏，需随身携带肾上腺素笔',
  })
  const thirdApp = await apply(families.third.token, STUDENTS.third)
  const enrollment = {
    mine: (await approve(mineApp.id)).enrollmentId as string,
    other: (await approve(otherApp.id)).enrollmentId as string,
    third: (await approve(thirdApp.id)).enrollmentId as string,
  }
  // Two more children of this family, still applying: one for the review rows, one to withdraw.
  const pending = await apply(families.mine.token, '王小弟', { student: { name: '王小弟', className: '一年级（1）班' } })
  const toWithdraw = await apply(families.mine.token, '王小妹', { student: { name: '王小妹', className: '一年级（2）班' } })

  // Care staff: two with accounts and signed contracts for the plan's term, one without an account (its contract is terminated by a row).
  const staffUser = async (login: string, name: string) => {
    const userId = await newUser(login, name)
    const staff = await expectOk(
      201,
      chair().post(`/api/v1/committees/${w.committeeId}/staff`, {
        name,
        kind: 'retired_teacher',
        phone: '13700137000',
        backgroundCheck: { certificateNo: `GA-2026-${login}`, issuedOn: '2026-08-01' },
        qualifications: ['教师资格证'],
        userId,
      }),
    )
    return { staffId: staff.id as string, token: await loginAs(ta, login), login }
  }
  const staffOn = await staffUser('mx-staff-on', '周老师')
  const staffOff = await staffUser('mx-staff-off', '吴老师')
  const temp = await staffUser('mx-staff-temp', '郑老师')
  const contractOn = await hire(ta, w, staffOn, plan.id)
  await hire(ta, w, staffOff, plan.id)
  const contractTemp = await hire(ta, w, temp, plan.id)
  const spareStaff = await expectOk(
    201,
    chair().post(`/api/v1/committees/${w.committeeId}/staff`, {
      name: '钱老师',
      kind: 'volunteer',
      phone: '13700137001',
      backgroundCheck: { certificateNo: 'GA-2026-SPARE', issuedOn: '2026-08-01' },
    }),
  )
  for (const kind of ['background', 'health'] as const) await expectOk(201, chair().post(`/api/v1/staff/${spareStaff.id}/checks`, verifiedCheck(kind, '2026-08-20')))
  const contractPdf = await ta.as(w.tokens.chair).get(`/api/v1/contracts/${contractOn.id}/contract.pdf`)
  const contractSha256 = createHash('sha256').update(contractPdf.rawPayload).digest('hex')
  const provider = await expectOk(201, ta.as(w.tokens.reviewer).post(`/api/v1/schools/${w.schoolId}/providers`, { name: '阳光教育服务有限公司', creditCode: '91110000MA00000001' }))
  const staffSettings = await expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/schools/${w.schoolId}/staff-settings`))

  // The families sign; the school's finance office collects September.
  at('2026-08-25', '20:00')
  for (const [key, f] of Object.entries(families)) {
    const id = enrollment[key as keyof typeof enrollment]
    const name = key === 'other' ? `${STUDENTS.other}妈妈` : `${key === 'mine' ? STUDENTS.mine : STUDENTS.third}家长`
    await expectOk(200, ta.as(f.token).post(`/api/v1/enrollments/${id}/agreement/sign`, { name, startsOn: TERM.startsOn }))
  }
  const agreementPdf = await ta.as(families.mine.token).get(`/api/v1/enrollments/${enrollment.mine}/agreement.pdf`)
  const agreementSha256 = createHash('sha256').update(agreementPdf.rawPayload).digest('hex')
  const finance = await loginAs(ta, 'mx-finance')
  at('2026-08-28', '21:00')
  await expectOk(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${plan.id}/billing-runs`, { period: '2026-09' }))
  at('2026-09-02', '20:00')
  const pay = (enrollmentId: string, amountFen: number, paidAt: string, method = 'wechat', token = finance) =>
    expectOk(201, ta.as(token).post(`/api/v1/committees/${w.committeeId}/payments`, { enrollmentId, amountFen, method, paidAt, confirmDuplicate: true }))
  const paymentMine = await pay(enrollment.mine, 30000, chinaAt('2026-09-02', '19:10'))
  const paymentOther = await pay(enrollment.other, OTHER_PAYMENT_FEN, chinaAt('2026-09-02', '19:30'), 'bank')
  at('2026-09-10', '21:00')
  await expectOk(201, ta.as(families.mine.token).post(`/api/v1/enrollments/${enrollment.mine}/leave`, { from: '2026-09-14', to: '2026-09-16', reason: '回老家探亲' }))

  // Spending: one approved with its receipt, two waiting for the rows that approve and reject.
  at('2026-09-25', '18:30')
  const expenseBody = (amountFen: number, description: string) => ({
    planId: plan.id,
    category: '活动材料',
    amountFen,
    method: 'bank',
    payee: { kind: 'organisation', name: '阳光文具店' },
    spentOn: '2026-09-25',
    description,
  })
  const mp = multipart(expenseBody(4600, '作业本、彩笔'), [{ name: '发票.jpg', type: 'image/jpeg', bytes: JPEG }])
  const approved = await expectOk(201, ta.as(finance).post(`/api/v1/committees/${w.committeeId}/expenses`, mp.payload, { headers: mp.headers }))
  await expectOk(200, ta.as(w.tokens.auditor).post(`/api/v1/expenses/${approved.id}/approve`))
  const pendingExpense = await expectOk(201, ta.as(finance).post(`/api/v1/committees/${w.committeeId}/expenses`, expenseBody(1200, '图书角图书')))
  const toReject = await expectOk(201, ta.as(finance).post(`/api/v1/committees/${w.committeeId}/expenses`, expenseBody(900, '彩纸')))
  at('2026-09-26', '21:00')
  await expectOk(201, ta.as(w.tokens.treasurer).post(`/api/v1/plans/${plan.id}/billing-runs`, { period: '2026-10' }))
  at('2026-10-08', '10:00')
  await expectOk(201, ta.as(w.tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/statements`, { period: '2026-09' }))

  // Two sessions: an earlier one closed with a child still checked in (an incident), and today's.
  const calendar = await expectOk(200, chair().get(`/api/v1/plans/${plan.id}/calendar?month=2026-10`))
  const days = (calendar.days as { date: string; isServiceDay: boolean }[]).filter((d) => d.isServiceDay && d.date >= '2026-10-09').map((d) => d.date)
  const [earlier, today] = days as [string, string]
  const staffApi = ta.as(staffOn.token)
  at(earlier, '16:20')
  await expectOk(201, staffApi.post(`/api/v1/plans/${plan.id}/sessions/${earlier}/staff-duty`, { event: 'sign_in', at: chinaAt(earlier, '16:20') }))
  at(earlier, '16:35')
  await expectOk(201, staffApi.post(`/api/v1/plans/${plan.id}/sessions/${earlier}/attendance`, { enrollmentId: enrollment.mine, status: 'present', at: chinaAt(earlier, '16:35') }))
  at(earlier, '18:05')
  const closed = await expectOk(200, staffApi.post(`/api/v1/plans/${plan.id}/sessions/${earlier}/close`))
  if (!closed.incident) throw new Error(`closing with a child checked in made no incident: ${JSON.stringify(closed)}`)

  at(today, '09:00')
  const survey = await expectOk(
    201,
    chair().post(`/api/v1/committees/${w.committeeId}/surveys`, {
      planId: plan.id,
      staffIds: [staffOn.staffId],
      questions: [
        { kind: 'scale', text: '对这位老师看护学生的总体满意度' },
        { kind: 'text', text: '意见和建议' },
      ],
      closesAt: chinaAt('2026-11-25', '18:00'),
    }),
  )
  const invitations = await tokensOf(ta, survey.id)
  const students = invitations.filter((i) => i.audience === 'student')
  const parents = invitations.filter((i) => i.audience === 'parent')
  const file = wechatCsv([
    tx({ tag: 'memo', time: '2026-10-08 19:20:11', counterparty: '王爸', goods: `转账备注:三年级（2）班${STUDENTS.mine}托管费`, amount: '300.00', txNo: wx(101) }),
  ])
  const upload = multipart(null, [{ name: 'wechat.csv', type: 'text/csv', bytes: file.bytes }], 'file')
  const imported = await expectOk(201, ta.as(finance).post(`/api/v1/committees/${w.committeeId}/imports`, upload.payload, { headers: upload.headers }))

  at(today, '16:20')
  const duty = await expectOk(201, staffApi.post(`/api/v1/plans/${plan.id}/sessions/${today}/staff-duty`, { event: 'sign_in', at: chinaAt(today, '16:20') }))
  at(today, '16:35')
  const attendance = await expectOk(
    201,
    staffApi.post(`/api/v1/plans/${plan.id}/sessions/${today}/attendance`, { enrollmentId: enrollment.mine, status: 'present', at: chinaAt(today, '16:35') }),
  )
  at(today, '16:40')

  // Everyone signs in now (sessions last 90 days: past the term's end).
  const tokens: MatrixWorld['tokens'] = {
    stranger: await loginAs(ta, 'mo-parent1'),
    otherReviewer: await loginAs(ta, 'mo-reviewer'),
    otherParent: await loginAs(ta, 'mx-fam-other'),
    parent: await loginAs(ta, 'mx-fam-mine'),
    staffOff: await loginAs(ta, staffOff.login),
    staffOn: await loginAs(ta, staffOn.login),
    finance: await loginAs(ta, 'mx-finance'),
    member: await loginAs(ta, 'mx-member'),
    auditor: await loginAs(ta, 'mx-auditor'),
    treasurer: await loginAs(ta, 'mx-treasurer'),
    chair: await loginAs(ta, 'mx-chair'),
    reviewer: await loginAs(ta, 'mx-reviewer'),
    admin: await loginAs(ta, 'mx-admin'),
  }
  const logins: Record<Exclude<Actor, 'anonymous'>, string> = {
    stranger: 'mo-parent1',
    otherReviewer: 'mo-reviewer',
    otherParent: 'mx-fam-other',
    parent: 'mx-fam-mine',
    staffOff: staffOff.login,
    staffOn: staffOn.login,
    finance: 'mx-finance',
    member: 'mx-member',
    auditor: 'mx-auditor',
    treasurer: 'mx-treasurer',
    chair: 'mx-chair',
    reviewer: 'mx-reviewer',
    admin: 'mx-admin',
  }

  const world: MatrixWorld = {
    ta,
    w,
    tokens,
    freshToken: (actor) => loginAs(ta, logins[actor]),
    schoolId: w.schoolId,
    committeeId: w.committeeId,
    slug: w.slug,
    planId: plan.id,
    planBId: planB.id,
    draftPlanId: draft.id,
    termId: w.termId,
    today,
    earlier,
    now: () => `${new Date(ta.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`,
    enrollment,
    application: { mine: mineApp.id, pending: pending.id, toWithdraw: toWithdraw.id },
    agreementSha256,
    payment: { mine: paymentMine.id, other: paymentOther.id },
    expense: { approved: approved.id, attachment: approved.attachments[0].id, pending: pendingExpense.id, toReject: toReject.id },
    statementPeriod: '2026-09',
    staff: { on: staffOn.staffId, off: staffOff.staffId, spare: spareStaff.id },
    contract: { on: contractOn.id, toTerminate: contractTemp.id },
    contractSha256,
    dutyRecordId: duty.id,
    attendanceId: attendance.id,
    incidentId: closed.incident.id,
    surveyId: survey.id,
    surveyToken: students[0]!.token,
    surveyFormToken: parents.find((p) => p.guardian_user_id === families.other.userId)?.token ?? parents[0]!.token,
    surveyShortCode: students[1]!.short_code,
    importId: imported.id,
    providerId: provider.id,
    spareUserId,
    thirdParentUserId: families.third.userId,
    joinInviteCode: joinCommittee.inviteCode,
    staffSettings: { checkMaxAgeMonths: staffSettings.checkMaxAgeMonths },
    refundId: '',
    decisionId: '',
    secrets: {
      strings: [
        STUDENTS.other,
        `${STUDENTS.other}妈妈`,
        OTHER_STUDENT_NO,
        OTHER_GUARDIAN_PHONE,
        '花生严重过敏',
        STUDENTS.third,
        w.inviteCode,
        '291.37',
        'GA-2026-mx-staff-on',
        '李秀英', // the authorised pickup person of every family's application
      ],
      numbers: [OTHER_PAYMENT_FEN],
    },
    toTermEnd: async () => {
      // The families and students answer the survey before it closes; the committee decides on renewal from it.
      at('2026-11-20', '20:00')
      for (const i of invitations) {
        const res = await ta.as(null).post(`/api/v1/surveys/${survey.id}/responses`, {
          token: i.token,
          answers: [
            { staffId: staffOn.staffId, question: 0, value: 5 },
            { staffId: staffOn.staffId, question: 1, value: '' },
          ],
        })
        if (res.statusCode !== 201 && res.statusCode !== 409) throw new Error(`answering the survey: ${res.statusCode} ${res.body}`)
      }
      at('2026-11-26', '19:00')
      const decision = await expectOk(
        201,
        ta.as(tokens.chair).post(`/api/v1/contracts/${contractOn.id}/renewal-decisions`, { surveyId: survey.id, decision: 'renew', reason: '满意度高于家委会规定，同意续聘。' }),
      )
      world.decisionId = decision.id
      at('2026-10-27', '21:00')
      await expectOk(201, ta.as(tokens.treasurer).post(`/api/v1/plans/${plan.id}/billing-runs`, { period: '2026-11' }))
      at('2026-11-26', '21:00')
      await expectOk(201, ta.as(tokens.treasurer).post(`/api/v1/plans/${plan.id}/billing-runs`, { period: '2026-12' }))
      at('2027-01-04', '10:00')
      // Expenses left waiting by the rows are turned down; the two paying families pay what they owe.
      const expenses = await expectOk(200, ta.as(tokens.chair).get(`/api/v1/plans/${plan.id}/expenses?limit=100`))
      for (const e of expenses.items as { id: string; status: string }[]) {
        if (e.status === 'pending') await expectOk(200, ta.as(tokens.chair).post(`/api/v1/expenses/${e.id}/reject`, { reason: '重复登记' }))
      }
      for (const id of [enrollment.mine, enrollment.other]) {
        const account = await expectOk(200, ta.as(tokens.finance).get(`/api/v1/enrollments/${id}/account`))
        if (account.balance.owesFen > 0) await pay(id, account.balance.owesFen, chinaAt('2027-01-03', '12:00'), 'bank', tokens.finance)
      }
      for (const period of ['2026-10', '2026-11', '2026-12']) {
        const res = await ta.as(tokens.treasurer).post(`/api/v1/committees/${w.committeeId}/statements`, { period })
        if (res.statusCode !== 201 && res.json().code !== 'already-published') throw new Error(`publishing ${period}: ${res.statusCode} ${res.body}`)
      }
    },
    afterSettlement: async () => {
      const refunds = await expectOk(200, ta.as(tokens.treasurer).get(`/api/v1/plans/${plan.id}/refunds`))
      const mine = (refunds.items as { id: string; enrollmentId: string }[]).find((r) => r.enrollmentId === enrollment.mine)
      if (!mine) throw new Error(`no refund for this family after the settlement: ${JSON.stringify(refunds)}`)
      world.refundId = mine.id
    },
  }
  return world
}

/** The body of a response as text, for the secrets check. */
export function leaked(res: LightMyRequestResponse, secrets: Secrets): string[] {
  const body = res.body
  const found = secrets.strings.filter((s) => body.includes(s))
  for (const n of secrets.numbers) if (new RegExp(`(^|[^0-9a-fA-F])${n}([^0-9a-fA-F]|$)`).test(body)) found.push(String(n))
  return found
}

export { plausibleYear, seedAddress }
