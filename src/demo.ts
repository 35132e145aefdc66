import { buildApp } from './app.js'
import { type Clock, MovableClock } from './china-time.js'
import type { Config } from './config.js'
import type { Db } from './db/index.js'
import { enrol, LOW_INCOME } from './demo-families.js'
import { type SpringStoryResult, springChapters } from './demo-spring.js'
import { type Chapter, type StaffStoryResult, staffChapters } from './demo-staff.js'
import { ensureAdmin, login } from './modules/accounts/service.js'
import { addDays } from './modules/calendar/iso-date.js'
import { getPublicCommittee, hasAnySchool } from './modules/schools/service.js'

export const DEMO_PASSWORD = 'jiawei-demo-2026'
export const DEMO_SLUG = 'sunshine-3-2'

export const DEMO_USERS = [
  { login: 'admin', name: '平台管理员', role: '平台管理员 platform admin' },
  { login: 'reviewer', name: '王老师（德育处）', role: '学校审核人 school reviewer' },
  { login: 'chair', name: '李主任', role: '家委会主任 committee chair' },
  { login: 'treasurer', name: '张会计', role: '财务委员 treasurer' },
  { login: 'auditor', name: '陈监督', role: '监督委员 auditor' },
  { login: 'staff', name: '周老师', role: '托管服务人员 care staff (contract signed by both, on duty every session, rated in November, renewed)' },
  { login: 'parent1', name: '刘妈妈', role: '家长 parent (刘小明, pays by WeChat; spring refund paid)' },
  { login: 'parent2', name: '赵爸爸', role: '家长 parent (赵小红, low-income: charged and waived in full)' },
  { login: 'parent3', name: '孙爸爸', role: '家长 parent (孙小刚, pays by bank transfer, leave credited)' },
  { login: 'parent4', name: '周妈妈', role: '家长 parent (周小丽, in arrears this autumn; her spring refund still to pay)' },
  { login: 'parent5', name: '吴妈妈', role: '家长 parent (吴小宇, agreement still to sign)' },
] as const

type Who = (typeof DEMO_USERS)[number]['login']
type Parent = Extract<Who, `parent${number}`>

/**
 * A first look that tells the whole story, through the HTTP API itself, so demo data obeys every
 * rule real data does: a school and its reviewer, a class committee, last spring's term settled
 * and its refunds partly paid (demo-spring.ts), a care plan through demand
 * and the school's approval, families who applied and signed (one low-income, one still to sign),
 * a staff member, then the autumn term month by month — billed, paid on different channels, a
 * leave credit, one family in arrears, expenses approved under four eyes, and each month
 * published once it has ended. Only an empty embedded database gets it.
 *
 * The story runs on an app of its own, on the same database, with its own clock: each chapter is
 * dated, the clock is moved to that date, and the story stops at the first chapter after
 * `realClock`'s today, so nothing is dated in the future whenever the demo is loaded. There is no
 * limit on sign-ups there, so loading never eats the rate limit of the person about to try it.
 */
export async function loadDemoData(deps: { config: Config; db: Db; realClock: Clock }) {
  const { db, realClock } = deps
  const result = { slug: DEMO_SLUG, password: DEMO_PASSWORD, users: DEMO_USERS }
  if (await getPublicCommittee(db, DEMO_SLUG).catch(() => null)) return result
  if (await hasAnySchool(db)) return null
  const clock = new MovableClock('2026-02-24T09:00:00+08:00')
  const app = await buildApp({ config: { ...deps.config, logLevel: 'warn', loginRateLimitPerMinute: 1_000_000, redisUrl: undefined }, db, clock })
  try {
    return { ...result, ...(await tellStory(app, db, clock, realClock.now())) }
  } finally {
    await app.close()
  }
}

type App = Awaited<ReturnType<typeof buildApp>>

async function tellStory(app: App, db: Db, clock: MovableClock, now: Date) {
  await ensureAdmin(db, { login: 'admin', password: DEMO_PASSWORD, name: '平台管理员' }, clock.now())
  const tokens = new Map<Who, string>()
  // Sessions come from the service, not POST /auth/login, so the demo does not use up the login
  // rate limit of the person about to try it from localhost; they last the whole story.
  const as = async (who: Who) => {
    if (!tokens.has(who)) tokens.set(who, (await login(db, { login: who, password: DEMO_PASSWORD }, 365 * 86_400_000, clock.now())).token)
    return tokens.get(who)!
  }
  const call = async (who: Who | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      payload: payload as object,
      headers: who ? { authorization: `Bearer ${await as(who)}`, 'user-agent': 'jiawei-demo-data' } : {},
    })
    if (res.statusCode >= 300) throw new Error(`demo data: ${method} ${url} answered ${res.statusCode}: ${res.body}`)
    return String(res.headers['content-type'] ?? '').startsWith('application/json') ? res.json() : res
  }
  const callAny = (who: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => call(who as Who | null, method, url, payload)
  /** Moves the clock to a chapter's moment; false once that moment is after now. */
  const on = (date: string, time = '09:00') => {
    const at = new Date(`${date}T${time}:00+08:00`)
    if (at > now) return false
    clock.set(at)
    return true
  }

  const school = await call('admin', 'POST', '/schools', { name: '阳光实验小学' })
  const ids: Partial<Record<Who, string>> = {}
  for (const u of DEMO_USERS) {
    if (u.login === 'admin' || u.login.startsWith('parent')) continue
    ids[u.login] = (await call('admin', 'POST', '/users', { login: u.login, password: DEMO_PASSWORD, name: u.name, phone: '13800000000' })).id
  }
  await call('admin', 'POST', `/schools/${school.id}/reviewers`, { userId: ids.reviewer })
  const committee = await call('reviewer', 'POST', `/schools/${school.id}/committees`, {
    name: '三年级（2）班家长委员会',
    slug: DEMO_SLUG,
    level: 'class',
    grade: 3,
    className: '2班',
  })
  for (const role of ['chair', 'treasurer', 'auditor'] as const) await call('reviewer', 'POST', `/committees/${committee.id}/members`, { userId: ids[role], role })
  for (const p of DEMO_USERS.filter((u) => u.login.startsWith('parent'))) {
    await call(null, 'POST', '/users', { login: p.login, password: DEMO_PASSWORD, name: p.name, phone: '13700000000', inviteCode: committee.inviteCode })
  }
  const spring = await call('reviewer', 'POST', `/schools/${school.id}/terms`, { name: '2026年春季学期', startsOn: '2026-03-02', endsOn: '2026-07-03' })
  const term = await call('reviewer', 'POST', `/schools/${school.id}/terms`, { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-22' })
  // The packaged holiday calendar ends with 2026, so the school confirms 2027 itself. The State
  // Council's notice for 2027 is not out: these are the school's own dates, in the shape every
  // year has (春节 around the lunar new year on 6 February, 调休 on weekends), and the
  // confirmation says so; the school corrects the year once the notice is published.
  const days = (from: string, n: number, name: string) => Array.from({ length: n }, (_, i) => ({ date: addDays(from, i), name }))
  await call('reviewer', 'POST', `/schools/${school.id}/calendar-years`, {
    year: 2027,
    holidays: [
      ...days('2027-01-01', 3, '元旦'),
      ...days('2027-02-05', 8, '春节'),
      ...days('2027-04-03', 3, '清明节'),
      ...days('2027-05-01', 5, '劳动节'),
      ...days('2027-06-09', 1, '端午节'),
      ...days('2027-09-15', 1, '中秋节'),
      ...days('2027-10-01', 7, '国庆节'),
    ],
    makeupWorkdays: [
      { date: '2027-01-30', name: '春节' },
      { date: '2027-02-20', name: '春节' },
      { date: '2027-05-08', name: '劳动节' },
      { date: '2027-09-26', name: '国庆节' },
      { date: '2027-10-09', name: '国庆节' },
    ],
    source: '学校确认（演示数据）：国务院办公厅2027年节假日安排通知尚未发布，以上日期按往年惯例拟定，通知发布后以通知为准并予更正',
  })
  await call('reviewer', 'POST', `/schools/${school.id}/closures`, { date: '2026-11-27', kind: 'closure', reason: '秋季运动会' })

  // Chapters run in date order, each with the clock at its moment; a chapter may schedule later
  // ones. False once the next chapter is after now: the story stops at the present moment.
  const tell = async (queue: Chapter[], done: (date: string) => void) => {
    const moment = ([date, time]: Chapter) => `${date}T${time}`
    while (queue.length > 0) {
      // A stable sort: chapters of the same moment keep their order.
      queue.sort((a, b) => (moment(a) < moment(b) ? -1 : moment(a) > moment(b) ? 1 : 0))
      const [date, time, run] = queue.shift()!
      if (!on(date, time)) return false
      const more = await run()
      if (Array.isArray(more)) queue.push(...(more as Chapter[]))
      done(date)
    }
    return true
  }

  // Last spring's term, told first and settled: the past term a committee looks back on.
  const springStory: SpringStoryResult = {}
  const staffStory: StaffStoryResult = {}
  const story = { planId: undefined as string | undefined, committeeId: committee.id as string, through: '2026-02-24', spring: springStory, staff: staffStory }
  if (!(await tell(springChapters({ call: callAny, committeeId: committee.id, termId: spring.id }, springStory), (d) => (story.through = d)))) return story
  if (!on('2026-08-17')) return story

  const plan = await call('chair', 'POST', `/committees/${committee.id}/plans`, {
    termId: term.id,
    title: '三年级（2）班 2026 年秋季课后托管服务方案',
    content: { activities: ['homework_help', 'reading', 'sports'], description: '放学后在本班教室组织学生完成书面作业、课外阅读和体育活动，不讲授新课。' },
    schedule: { weekdays: [1, 2, 3, 4, 5], startTime: '16:30', endTime: '18:00', place: '教学楼三楼 302 教室' },
    billing: 'monthly',
    feeFen: 30000,
    capacity: 30,
    budget: [
      { category: '人员劳务', amountFen: 3_600_000 },
      { category: '活动材料', amountFen: 600_000 },
      { category: '保险', amountFen: 300_000 },
    ],
    expectedParticipants: 30,
    refundPolicy: '经批准请假的，按每个服务日 3.36 元退还；学期结余按实退还。',
    leaveCredit: { kind: 'fixed', amountFen: 336 },
    subsidy: { ratePerDayFen: 100, basis: 'enrolled' },
  })
  await call('chair', 'POST', `/plans/${plan.id}/demand/open`)
  await call('parent1', 'PUT', `/plans/${plan.id}/demand/responses/me`, { need: true, preferredWeekdays: [1, 2, 3, 4, 5] })
  await call('parent2', 'PUT', `/plans/${plan.id}/demand/responses/me`, { need: true, preferredWeekdays: [1, 3, 5] })
  await call('chair', 'POST', `/plans/${plan.id}/submit`)
  await call('reviewer', 'POST', `/plans/${plan.id}/review`, { decision: 'approve', comment: '方案内容、时间与收费标准符合学校要求，同意实施。' })

  const families: { who: Parent; student: string; guardian: string; relation: string; extra?: object; signs: boolean }[] = [
    { who: 'parent1', student: '刘小明', guardian: '刘妈妈', relation: '母亲', signs: true },
    { who: 'parent2', student: '赵小红', guardian: '赵爸爸', relation: '父亲', extra: LOW_INCOME, signs: true },
    { who: 'parent3', student: '孙小刚', guardian: '孙爸爸', relation: '父亲', signs: true },
    { who: 'parent4', student: '周小丽', guardian: '周妈妈', relation: '母亲', signs: true },
    { who: 'parent5', student: '吴小宇', guardian: '吴妈妈', relation: '母亲', signs: false },
  ]
  const enrollment: Partial<Record<Parent, string>> = {}
  for (const f of families) enrollment[f.who] = await enrol(callAny, plan.id, f, '三年级（2）班')
  story.planId = plan.id
  story.through = '2026-08-17'
  if (!on('2026-08-20')) return story
  const staff = await call('chair', 'POST', `/committees/${committee.id}/staff`, {
    name: '周老师',
    kind: 'retired_teacher',
    phone: '13600000000',
    backgroundCheck: { certificateNo: 'WFZ-2026-0815', issuedOn: '2026-08-15' },
    qualifications: ['教师资格证（小学）'],
    userId: ids.staff,
  })
  const signAgreements = async () => {
    for (const f of families.filter((x) => x.signs)) await call(f.who, 'POST', `/enrollments/${enrollment[f.who]}/agreement/sign`, { name: f.guardian, startsOn: '2026-09-01' })
  }

  // The term, month by month: billed a few days ahead, paid on different channels; 周小丽's
  // family never pays (arrears); 孙小刚 is on leave three days in September (credited in October).
  const pay = (who: Parent, amountFen: number, method: string, paidAt: string, reference?: string) =>
    call('treasurer', 'POST', `/committees/${committee.id}/payments`, { enrollmentId: enrollment[who], amountFen, method, paidAt, ...(reference ? { reference } : {}) })
  // Spending: materials each month, insurance once; the staff's pay once her month is over.
  const spend = async (spentOn: string, month: number, first: boolean) => {
    const items = [
      { category: '活动材料', amountFen: 4600 + month * 50, payee: { kind: 'organisation', name: '阳光文具店' }, description: '作业本、彩笔、图书角图书' },
      ...(first
        ? [{ category: '保险', amountFen: 12000, payee: { kind: 'organisation', name: '中国人寿保险股份有限公司' }, description: '学生托管期间意外伤害保险（4 人）' }]
        : []),
    ]
    for (const item of items) {
      const expense = await call('treasurer', 'POST', `/committees/${committee.id}/expenses`, { planId: plan.id, method: 'bank', spentOn, ...item })
      await call('auditor', 'POST', `/expenses/${expense.id}/approve`)
    }
  }
  const payMonth = async (paidOn: string, i: number) => {
    const day = paidOn.replaceAll('-', '')
    await pay('parent1', 30000, 'wechat', `${paidOn}T19:${10 + i}:00+08:00`, `42000${day}${1000 + i}`)
    // 孙小刚's family pays what it owes, September's leave credit taken off.
    const sun = await call('treasurer', 'GET', `/enrollments/${enrollment.parent3}/account`)
    if (sun.balance.owesFen > 0) await pay('parent3', sun.balance.owesFen, 'bank', `${paidOn}T12:00:00+08:00`, `ICBC-${day}-03`)
  }
  const bill = (period: string) => call('treasurer', 'POST', `/plans/${plan.id}/billing-runs`, { period })
  const publish = (period: string) => call('treasurer', 'POST', `/committees/${committee.id}/statements`, { period })
  // The city's subsidy (1 yuan per student per service day) arrives in the middle of the next month.
  const subsidy = async (month: string, receivedOn: string) => {
    const claim = await call('treasurer', 'GET', `/plans/${plan.id}/subsidy-claim?month=${month}`)
    await call('treasurer', 'POST', `/committees/${committee.id}/subsidies`, {
      planId: plan.id,
      month,
      amountFen: claim.totalFen,
      method: 'bank',
      receivedOn,
      reference: `CZ-${month}`,
    })
  }
  // 周老师's pay for a month, proposed from her duty records under her contract (a person:
  // published by role only), approved by the auditor.
  const payStaff = async (month: string, spentOn: string) => {
    const pay = await call('treasurer', 'GET', `/committees/${committee.id}/staff-pay?month=${month}`)
    for (const c of pay.contracts as { contractId: string; totalFen: number }[]) {
      if (c.totalFen === 0) continue
      const expense = await call('treasurer', 'POST', `/committees/${committee.id}/staff-pay/expenses`, { month, contractId: c.contractId, spentOn })
      await call('auditor', 'POST', `/expenses/${expense.id}/approve`)
    }
  }
  const events: Chapter[] = [
    ['2026-08-28', '20:00', signAgreements],
    ['2026-08-28', '21:00', () => bill('2026-09')],
    // The summer's statement: the spring refunds paid and the autumn's first bills.
    ['2026-09-01', '10:00', () => publish('2026-08')],
    ['2026-09-02', '20:30', () => payMonth('2026-09-02', 0)],
    ['2026-09-10', '21:00', () => call('parent3', 'POST', `/enrollments/${enrollment.parent3}/leave`, { from: '2026-09-14', to: '2026-09-16', reason: '随父母回老家' })],
    ['2026-09-25', '18:30', () => spend('2026-09-25', 9, true)],
    ['2026-09-26', '21:00', () => bill('2026-10')],
    ['2026-09-29', '20:30', () => payMonth('2026-09-29', 1)],
    ['2026-10-08', '10:00', () => publish('2026-09')],
    ['2026-10-09', '18:00', () => payStaff('2026-09', '2026-10-09')],
    ['2026-10-15', '15:00', () => subsidy('2026-09', '2026-10-15')],
    ['2026-10-23', '18:30', () => spend('2026-10-23', 10, false)],
    ['2026-10-27', '21:00', () => bill('2026-11')],
    ['2026-10-30', '20:30', () => payMonth('2026-10-30', 2)],
    ['2026-11-02', '10:00', () => publish('2026-10')],
    ['2026-11-09', '18:00', () => payStaff('2026-10', '2026-11-09')],
    ['2026-11-16', '15:00', () => subsidy('2026-10', '2026-11-16')],
    ['2026-11-20', '18:30', () => spend('2026-11-20', 11, false)],
    ['2026-11-26', '21:00', () => bill('2026-12')],
    ['2026-11-30', '20:30', () => payMonth('2026-11-30', 3)],
    ['2026-12-01', '10:00', () => publish('2026-11')],
    ['2026-12-09', '18:00', () => payStaff('2026-11', '2026-12-09')],
    ['2026-12-18', '18:30', () => spend('2026-12-18', 12, false)],
    ['2026-12-28', '21:00', () => bill('2027-01')],
    ['2026-12-30', '20:30', () => payMonth('2026-12-30', 4)],
    ['2027-01-04', '10:00', () => publish('2026-12')],
    ['2027-01-08', '18:00', () => payStaff('2026-12', '2027-01-08')],
    ['2027-01-20', '18:30', () => spend('2027-01-20', 1, false)],
    ['2027-01-23', '10:00', () => payStaff('2027-01', '2027-01-23')],
    ['2027-01-25', '10:00', () => publish('2027-01')],
  ]
  // The staff chapters are told among these, in date order; a chapter may schedule later ones.
  const queue: Chapter[] = [
    ...staffChapters(
      {
        call: callAny,
        committeeId: committee.id,
        planId: plan.id,
        staffId: staff.id,
        staffLogin: 'staff',
        chairName: '李主任',
        parents: ['parent1', 'parent3', 'parent4'],
        months: ['2026-09', '2026-10', '2026-11', '2026-12', '2027-01'],
      },
      staffStory,
    ),
    ...events,
  ]
  await tell(queue, (d) => (story.through = d))
  return story
}
