import type { Ctx, Principal } from './context.js'
import type { Db } from './db/index.js'
import { createUser, ensureAdmin } from './modules/accounts/service.js'
import { addCommitteeMember, addSchoolReviewer, createCommittee, createSchool, createTerm } from './modules/schools/service.js'

export const DEMO_PASSWORD = 'jiawei-demo-2026'

const adminCtx = (userId: string): Ctx => {
  const actor: Principal = { userId, login: 'admin', name: '平台管理员', isAdmin: true, reviewerOf: new Set(), committees: new Map() }
  return { actor, requestId: 'demo-data' }
}

/**
 * A small, realistic dataset for a first look: one school, a class committee with its officers,
 * a reviewer, two parents, the current term. Loaded only into an empty embedded database.
 */
export async function loadDemoData(db: Db) {
  const existing = await db.selectFrom('committees').select('slug').where('slug', '=', 'sunshine-3-2').executeTakeFirst()
  const users = [
    { login: 'admin', role: '平台管理员 platform admin' },
    { login: 'reviewer', role: '学校审核人 school reviewer' },
    { login: 'chair', role: '家委会主任 committee chair' },
    { login: 'treasurer', role: '财务委员 treasurer' },
    { login: 'auditor', role: '监督委员 auditor' },
    { login: 'parent1', role: '家长 parent' },
    { login: 'parent2', role: '家长 parent' },
  ]
  const result = { slug: 'sunshine-3-2', password: DEMO_PASSWORD, users }
  const schoolCount = await db.selectFrom('schools').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  if (existing || Number(schoolCount.n) > 0) return existing ? result : null

  const { user: admin } = await ensureAdmin(db, { login: 'admin', password: DEMO_PASSWORD, name: '平台管理员' })
  const ctx = adminCtx(admin.id)
  const school = await createSchool(db, ctx, { name: '阳光实验小学' })
  const make = (login: string, name: string, phone: string) => createUser(db, ctx, { login, password: DEMO_PASSWORD, name, phone })
  const reviewer = await make('reviewer', '王老师（德育处）', '13800000001')
  await addSchoolReviewer(db, ctx, school.id, reviewer.id)
  const committee = await createCommittee(db, ctx, school.id, { name: '三年级（2）班家长委员会', slug: 'sunshine-3-2', level: 'class', grade: 3, className: '2班' })
  for (const [login, name, role] of [
    ['chair', '李主任', 'chair'],
    ['treasurer', '张会计', 'treasurer'],
    ['auditor', '陈监督', 'auditor'],
  ] as const) {
    const u = await make(login, name, '1390000000' + login.length)
    await addCommitteeMember(db, ctx, committee.id, { userId: u.id, role })
  }
  for (const [login, name] of [
    ['parent1', '刘妈妈'],
    ['parent2', '赵爸爸'],
  ] as const) {
    await createUser(db, { actor: null, requestId: 'demo-data' }, { login, password: DEMO_PASSWORD, name, phone: '13700000000', inviteCode: committee.inviteCode! })
  }
  await createTerm(db, ctx, school.id, { name: '2026年秋季学期', startsOn: '2026-09-01', endsOn: '2026-12-31' })
  return result
}
