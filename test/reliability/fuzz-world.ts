// The world the fuzzer calls: the demo's autumn term told up to 1 December 2026 (a plan approved,
// families billed and paying, expenses, published months, a staff member under a signed contract
// on duty, a closed survey, a renewal), plus what the demo has not got (a finance officer, a
// provider, a receipt attachment, a check-in and an open incident, an imported WeChat export),
// and a second school with its own committee, officers and parents, so every id kind is real and
// some belong to someone else.
import { sql } from 'kysely'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import { DEMO_PASSWORD, DEMO_USERS, loadDemoData } from '../../src/demo.js'
import { build, loginAs, seedWorld, type TestApp, type World } from '../helpers/app.js'
import { multipart } from '../helpers/multipart.js'
import { wechatCsv } from '../reconciliation/fixtures.js'
import { tx, wx } from '../reconciliation/import-world.js'

export const FUZZ_NOW = '2026-12-01T16:20:00+08:00'

export type ActorName =
  | 'admin'
  | 'reviewer'
  | 'chair'
  | 'treasurer'
  | 'auditor'
  | 'staff'
  | 'finance'
  | 'parent1'
  | 'parent4'
  | 'parent5'
  | 'otherReviewer'
  | 'otherChair'
  | 'otherParent'
  | 'anonymous'
  | 'garbage'

export interface FuzzWorld {
  ta: TestApp
  other: World
  /** The bearer token each actor sends (null: none; 'garbage' sends a token no one was given). */
  tokens: Record<ActorName, string | null>
  /** Real values by the name of the field or parameter that takes them: planId → the plans' ids, … */
  known: Record<string, string[]>
  dates: string[]
  periods: string[]
  /** A signed agreement's PDF and a receipt's bytes, for the routes that take files. */
  files: { agreementPdf: Buffer; jpeg: Buffer; wechat: Buffer }
  /** What the world's set-up could not add (each is a gap in the fuzzer's reach, reported). */
  gaps: string[]
}

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)])

async function idsOf(ta: TestApp, table: string, order = 'created_at'): Promise<string[]> {
  const rows = await sql<{ id: string }>`SELECT id::text AS id FROM ${sql.table(table)} ORDER BY ${sql.ref(order)}, id`.execute(ta.db)
  return rows.rows.map((r) => r.id)
}

export async function fuzzWorld(t: Parameters<typeof build>[0]): Promise<FuzzWorld> {
  const ta = await build(t, {}, { now: '2026-12-01T12:00:00+08:00' })
  const demo = await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: new MovableClock('2026-12-01T12:00:00+08:00') })
  if (!demo) throw new Error('the demo data did not load')
  const { planId, committeeId } = demo as unknown as { planId: string; committeeId: string }
  const other = await seedWorld(ta, 'x')
  const gaps: string[] = []
  const signedIn = new Map<string, string>()
  for (const u of DEMO_USERS) signedIn.set(u.login, await loginAs(ta, u.login, DEMO_PASSWORD))
  const token = (who: (typeof DEMO_USERS)[number]['login']) => signedIn.get(who)!
  const as = (who: (typeof DEMO_USERS)[number]['login']) => ta.as(token(who))
  const step = async <R extends { statusCode: number; body: string }>(what: string, run: () => Promise<R>): Promise<R> => {
    const res = await run()
    if (res.statusCode >= 300) gaps.push(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`)
    return res
  }
  const schoolId = (await sql<{ id: string }>`SELECT school_id::text AS id FROM committees WHERE id = ${committeeId}`.execute(ta.db)).rows[0]!.id
  const enrollments = (await as('treasurer').get(`/api/v1/plans/${planId}/enrollments?limit=50`)).json().items as { id: string; status: string; student: { name: string } }[]
  const liu = enrollments.find((e) => e.student.name === '刘小明')!.id

  // A school finance officer (someone the school names to collect where it collects).
  const financeUser = await step('finance user', () => as('admin').post('/api/v1/users', { login: 'finance', password: DEMO_PASSWORD, name: '学校财务' }))
  await step('finance officer', () => as('admin').post(`/api/v1/schools/${schoolId}/finance-officers`, { userId: financeUser.json().id }))
  const finance = await loginAs(ta, 'finance', DEMO_PASSWORD)
  await step('provider', () => as('reviewer').post(`/api/v1/schools/${schoolId}/providers`, { name: '阳光家政服务有限公司', creditCode: '91110000MA01ABCD2X' }))
  // An expense with its receipt (a pending one: the fuzzer may approve or reject it).
  const mp = multipart(
    { planId, category: '活动材料', amountFen: 2300, method: 'wechat', payee: { kind: 'organisation', name: '阳光文具店' }, spentOn: '2026-11-30', description: '彩纸、胶棒' },
    [{ name: '小票.jpg', type: 'image/jpeg', bytes: JPEG }],
  )
  await step('expense with a receipt', () => as('treasurer').post(`/api/v1/committees/${committeeId}/expenses`, mp.payload, { headers: mp.headers }))
  // Today's session: she signs in, 刘小明 is checked in, the day is closed with him still there (an incident).
  ta.clock.set('2026-12-01T16:25:00+08:00')
  await step('staff sign-in', () => as('staff').post(`/api/v1/plans/${planId}/sessions/2026-12-01/staff-duty`, { event: 'sign_in', at: '2026-12-01T16:25:00+08:00' }))
  ta.clock.set('2026-12-01T16:35:00+08:00')
  await step('check-in', () =>
    as('staff').post(`/api/v1/plans/${planId}/sessions/2026-12-01/attendance`, { enrollmentId: liu, status: 'present', at: '2026-12-01T16:35:00+08:00' }),
  )
  ta.clock.set('2026-12-01T18:10:00+08:00')
  await step('close with a child still in', () => as('staff').post(`/api/v1/plans/${planId}/sessions/2026-12-01/close`))
  // A WeChat export of two payments in November, one of them 刘小明's.
  const csv = wechatCsv([
    tx({ tag: 'liu', time: '2026-11-30 19:13:00', counterparty: '刘妈妈', goods: '转账备注:三年级（2）班刘小明托管费', amount: '300.00', txNo: wx(901) }),
    tx({ tag: 'stranger', time: '2026-11-30 20:00:00', counterparty: '路人甲', goods: '转账备注:谢谢', amount: '88.00', txNo: wx(902) }),
  ])
  const upload = multipart(null, [{ name: 'wechat.csv', type: 'text/csv', bytes: csv.bytes }], 'file')
  await step('import', () => as('treasurer').post(`/api/v1/committees/${committeeId}/imports`, upload.payload, { headers: upload.headers }))
  const pdf = await step('agreement pdf', () => as('parent1').get(`/api/v1/enrollments/${liu}/agreement.pdf`))
  ta.clock.set(FUZZ_NOW)

  const tokens: FuzzWorld['tokens'] = {
    admin: token('admin'),
    reviewer: token('reviewer'),
    chair: token('chair'),
    treasurer: token('treasurer'),
    auditor: token('auditor'),
    staff: token('staff'),
    finance,
    parent1: token('parent1'),
    parent4: token('parent4'),
    parent5: token('parent5'),
    otherReviewer: other.tokens.reviewer,
    otherChair: other.tokens.chair,
    otherParent: other.tokens.parent1,
    anonymous: null,
    garbage: 'not-a-token-anyone-was-given',
  }
  const invitations = (await sql<{ token: string; short_code: string }>`SELECT token, short_code FROM survey_invitations ORDER BY short_code`.execute(ta.db)).rows
  const committees = (await sql<{ slug: string; invite_code: string }>`SELECT slug, invite_code FROM committees ORDER BY created_at`.execute(ta.db)).rows
  const logins = (await sql<{ login: string }>`SELECT login FROM users ORDER BY created_at`.execute(ta.db)).rows.map((r) => r.login)
  const periods = ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2025-09']
  const known: Record<string, string[]> = {
    schoolId: await idsOf(ta, 'schools'),
    committeeId: await idsOf(ta, 'committees'),
    termId: await idsOf(ta, 'terms'),
    planId: await idsOf(ta, 'plans'),
    userId: await idsOf(ta, 'users'),
    staffId: await idsOf(ta, 'staff'),
    providerId: await idsOf(ta, 'staff_providers', 'added_at'),
    contractId: await idsOf(ta, 'staff_contracts'),
    attendanceId: await idsOf(ta, 'attendance_records'),
    dutyRecordId: await idsOf(ta, 'staff_duty_records'),
    enrollmentId: await idsOf(ta, 'enrollments'),
    incidentId: await idsOf(ta, 'session_incidents'),
    applicationId: await idsOf(ta, 'applications'),
    paymentId: await idsOf(ta, 'payments'),
    expenseId: await idsOf(ta, 'expenses'),
    attachmentId: await idsOf(ta, 'expense_attachments'),
    refundId: await idsOf(ta, 'refunds'),
    importId: await idsOf(ta, 'statement_imports'),
    surveyId: await idsOf(ta, 'surveys'),
    renewalDecisionId: await idsOf(ta, 'renewal_decisions', 'decided_at'),
    slug: [...committees.map((c) => c.slug), 'no-such-committee'],
    inviteCode: committees.map((c) => c.invite_code),
    code: invitations.map((i) => i.short_code),
    token: invitations.map((i) => i.token),
    login: logins,
    password: [DEMO_PASSWORD],
    period: periods,
    month: periods,
    year: ['2026', '2027', '2025'],
    sha256: [String(pdf.headers?.['x-document-sha256'] ?? '')].filter(Boolean),
    documentSha256: [String(pdf.headers?.['x-document-sha256'] ?? '')].filter(Boolean),
    category: ['活动材料', '保险', '人员劳务', '场地'],
  }
  for (const [k, v] of Object.entries(known)) if (v.length === 0) gaps.push(`no ${k} in the world`)
  return {
    ta,
    other,
    tokens,
    known,
    dates: ['2026-12-01', '2026-11-30', '2026-11-27', '2026-10-01', '2026-09-01', '2026-12-05', '2027-01-22', '2026-12-02', '2025-09-01'],
    periods,
    files: { agreementPdf: Buffer.from(pdf.rawPayload ?? Buffer.alloc(0)), jpeg: JPEG, wechat: Buffer.from(csv.bytes) },
    gaps,
  }
}
