import { buildApp } from './app.js'
import { type Clock, chinaDateOf, MovableClock } from './china-time.js'
import type { Config } from './config.js'
import type { Db } from './db/index.js'
import { tellStaffStory } from './demo-staff.js'
import { ensureAdmin, login } from './modules/accounts/service.js'
import { getPublicCommittee, hasAnySchool } from './modules/schools/service.js'

export const DEMO_PASSWORD = 'jiawei-demo-2026'
export const DEMO_SLUG = 'sunshine-3-2'

export const DEMO_USERS = [
  { login: 'admin', name: '平台管理员', role: '平台管理员 platform admin' },
  { login: 'reviewer', name: '王老师（德育处）', role: '学校审核人 school reviewer' },
  { login: 'chair', name: '李主任', role: '家委会主任 committee chair' },
  { login: 'treasurer', name: '张会计', role: '财务委员 treasurer' },
  { login: 'auditor', name: '陈监督', role: '监督委员 auditor' },
  { login: 'staff', name: '周老师', role: '托管服务人员 care staff (contract signed, on duty in September, rated in November)' },
  { login: 'parent1', name: '刘妈妈', role: '家长 parent (刘小明, agreement signed)' },
  { login: 'parent2', name: '赵爸爸', role: '家长 parent (赵小红, low-income waiver, agreement to sign)' },
  { login: 'parent3', name: '孙爸爸', role: '家长 parent (孙小刚, agreement signed)' },
  { login: 'parent4', name: '周妈妈', role: '家长 parent (周小丽, agreement signed)' },
] as const

type Who = (typeof DEMO_USERS)[number]['login']

/**
 * A first look that tells the whole story: a school and its reviewer, a class committee, a care
 * plan that went through demand and the school's approval, two families who applied and passed
 * both reviews (one signed, one still to sign), a staff member. It is built through the HTTP API
 * itself, so demo data obeys every rule real data does. Only an empty embedded database gets it.
 *
 * The story runs on an app of its own, on the same database: with its own clock, which it moves
 * through the story but never past `realClock` (nothing is dated in the future), and with no
 * limit on sign-ups, so loading never eats the rate limit of the person about to try the demo.
 */
export async function loadDemoData(deps: { config: Config; db: Db; realClock: Clock }) {
  const { db, realClock } = deps
  const result = { slug: DEMO_SLUG, password: DEMO_PASSWORD, users: DEMO_USERS }
  if (await getPublicCommittee(db, DEMO_SLUG).catch(() => null)) return result
  if (await hasAnySchool(db)) return null
  // The story starts before the autumn term and is told up to today (never past it).
  const start = new Date('2026-08-17T09:00:00+08:00')
  const clock = new MovableClock(realClock.now() < start ? realClock.now() : start)
  const app = await buildApp({ config: { ...deps.config, logLevel: 'warn', loginRateLimitPerMinute: 1_000_000, redisUrl: undefined }, db, clock })
  try {
    return await tellStory(app, db, clock, result, chinaDateOf(realClock.now()))
  } finally {
    await app.close()
  }
}

async function tellStory(
  app: Awaited<ReturnType<typeof buildApp>>,
  db: Db,
  clock: MovableClock,
  result: { slug: string; password: string; users: typeof DEMO_USERS },
  today: string,
) {
  await ensureAdmin(db, { login: 'admin', password: DEMO_PASSWORD, name: '平台管理员' }, clock.now())
  const tokens = new Map<Who, string>()
  // Sessions come from the service, not POST /auth/login, so the demo does not use up the
  // login rate limit of the person about to try it from localhost.
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
  /** Moves the clock to a chapter's date; false once that date is after today. */
  const on = (date: string, time = '09:00') => {
    if (date > today) return false
    clock.set(`${date}T${time}:00+08:00`)
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
  const term = await call('reviewer', 'POST', `/schools/${school.id}/terms`, { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2027-01-22' })
  // The packaged holiday calendar ends with 2026: the school confirms January 2027 itself.
  await call('reviewer', 'POST', `/schools/${school.id}/calendar-years`, { year: 2027, holidays: [{ date: '2027-01-01', name: '元旦' }], makeupWorkdays: [] })
  await call('reviewer', 'POST', `/schools/${school.id}/closures`, { date: '2026-11-27', kind: 'closure', reason: '秋季运动会' })

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
    refundPolicy: '经批准请假的，按每个服务日 3.36 元在学期结算时退还；学期结余按实退还。',
  })
  await call('chair', 'POST', `/plans/${plan.id}/demand/open`)
  await call('parent1', 'PUT', `/plans/${plan.id}/demand/responses/me`, { need: true, preferredWeekdays: [1, 2, 3, 4, 5] })
  await call('parent2', 'PUT', `/plans/${plan.id}/demand/responses/me`, { need: true, preferredWeekdays: [1, 3, 5] })
  await call('chair', 'POST', `/plans/${plan.id}/submit`)
  await call('reviewer', 'POST', `/plans/${plan.id}/review`, { decision: 'approve', comment: '方案内容、时间与收费标准符合学校要求，同意实施。' })

  const families = [
    { who: 'parent1' as const, student: '刘小明', guardian: '刘妈妈', relation: '母亲', extra: {} },
    { who: 'parent2' as const, student: '赵小红', guardian: '赵爸爸', relation: '父亲', extra: { priority: ['low_income'], lowIncome: { certificateNo: 'JD2026-0001234' } } },
    { who: 'parent3' as const, student: '孙小刚', guardian: '孙爸爸', relation: '父亲', extra: {} },
    { who: 'parent4' as const, student: '周小丽', guardian: '周妈妈', relation: '母亲', extra: {} },
  ]
  const enrollments: string[] = []
  for (const f of families) {
    const application = await call(f.who, 'POST', `/plans/${plan.id}/applications`, {
      student: { name: f.student, className: '三年级（2）班' },
      guardian: { name: f.guardian, phone: '13700000000', relation: f.relation },
      pickup: { persons: [{ name: `${f.student}的外婆`, phone: '13900000000', relation: '外婆' }], goesHomeAlone: false },
      signature: { name: f.guardian, consent: true },
      ...f.extra,
    })
    await call('chair', 'POST', `/applications/${application.id}/review`, { decision: 'accept', comment: '材料齐全' })
    const approved = await call('reviewer', 'POST', `/applications/${application.id}/review`, { decision: 'accept', comment: '同意' })
    enrollments.push(approved.enrollmentId)
  }
  const story = { ...result, planId: plan.id as string }
  if (!on('2026-08-20')) return story
  const staff = await call('chair', 'POST', `/committees/${committee.id}/staff`, {
    name: '周老师',
    kind: 'retired_teacher',
    phone: '13600000000',
    backgroundCheck: { certificateNo: 'WFZ-2026-0815', issuedOn: '2026-08-15' },
    qualifications: ['教师资格证（小学）'],
    userId: ids.staff,
  })
  if (!on('2026-08-28', '20:00')) return story
  for (const [i, f] of families.entries())
    if (f.who !== 'parent2') await call(f.who, 'POST', `/enrollments/${enrollments[i]}/agreement/sign`, { name: f.guardian, startsOn: '2026-09-01' })
  const staffStory = await tellStaffStory({
    call: (who, method, url, payload) => call(who as Who | null, method, url, payload),
    on,
    committeeId: committee.id,
    planId: plan.id,
    staffId: staff.id,
    staffLogin: 'staff',
    chairName: '李主任',
    parents: ['parent1', 'parent3', 'parent4'],
  })
  return { ...story, ...staffStory }
}
