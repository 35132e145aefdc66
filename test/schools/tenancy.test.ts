import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'

t.test('schools, committees and terms are visible to their own people only', async (t) => {
  const ta = await build(t)
  const a = await seedWorld(ta, 'a')
  const b = await seedWorld(ta, 'b')

  // A reviewer of school B asking for school A's data learns nothing: 404, not 403.
  const rb = ta.as(b.tokens.reviewer)
  for (const url of [`/api/v1/committees/${a.committeeId}`, `/api/v1/schools/${a.schoolId}`, `/api/v1/schools/${a.schoolId}/committees`, `/api/v1/schools/${a.schoolId}/terms`]) {
    const res = await rb.get(url)
    t.equal(res.statusCode, 404, `B's reviewer: ${url}`)
  }
  t.equal((await rb.post(`/api/v1/schools/${a.schoolId}/terms`, { name: 'x', startsOn: '2026-02-01', endsOn: '2026-07-01' })).statusCode, 404)
  t.equal(
    (await ta.as(b.tokens.chair).post(`/api/v1/committees/${a.committeeId}/members`, { userId: b.userIds.member, role: 'member' })).statusCode,
    404,
    "B's chair cannot touch A's committee",
  )
  t.equal((await ta.as(b.tokens.parent1).get(`/api/v1/committees/${a.committeeId}`)).statusCode, 404, "B's parent")

  // Inside the tenancy, the wrong hat is 403.
  const parentTerm = await ta.as(a.tokens.parent1).post(`/api/v1/schools/${a.schoolId}/terms`, { name: 'x', startsOn: '2026-02-01', endsOn: '2026-07-01' })
  t.equal(parentTerm.statusCode, 403)
  const treasurerMember = await ta.as(a.tokens.treasurer).post(`/api/v1/committees/${a.committeeId}/members`, { userId: a.userIds.member, role: 'chair' })
  t.equal(treasurerMember.statusCode, 403, 'only the chair adds members')
  t.equal((await ta.as(a.tokens.reviewer).post('/api/v1/schools', { name: 'x' })).statusCode, 403, 'only the admin creates schools')

  // The invite code is for insiders.
  t.ok((await ta.as(a.tokens.chair).get(`/api/v1/committees/${a.committeeId}`)).json().inviteCode)
  t.notOk((await ta.as(a.tokens.parent1).get(`/api/v1/committees/${a.committeeId}`)).json().inviteCode, 'parents do not see the invite code')

  const schoolsOfA = (await ta.as(a.tokens.reviewer).get('/api/v1/schools')).json()
  t.same(
    schoolsOfA.items.map((s: { id: string }) => s.id),
    [a.schoolId],
  )
  const all = (await ta.as(a.admin).get('/api/v1/schools')).json()
  t.equal(all.items.length, 2, 'the admin sees every school')
  const terms = (await ta.as(a.tokens.parent1).get(`/api/v1/schools/${a.schoolId}/terms`)).json()
  t.same(
    terms.items.map((x: { id: string }) => x.id),
    [a.termId],
    "parents see their school's terms",
  )
})

t.test('cursor pagination walks every item once', async (t) => {
  const ta = await build(t)
  const a = await seedWorld(ta, 'p')
  const admin = ta.as(a.admin)
  for (let i = 0; i < 6; i++) {
    t.equal((await admin.post(`/api/v1/schools/${a.schoolId}/committees`, { name: `${i}班`, slug: `page-${i}`, level: 'class', grade: 1, className: `${i}班` })).statusCode, 201)
  }
  const seen: string[] = []
  let cursor: string | null = null
  let pages = 0
  do {
    const res = await admin.get(`/api/v1/schools/${a.schoolId}/committees?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
    t.equal(res.statusCode, 200)
    const body = res.json()
    seen.push(...body.items.map((c: { slug: string }) => c.slug))
    cursor = body.nextCursor
    pages++
  } while (cursor && pages < 10)
  t.equal(pages, 3)
  t.same(seen, [a.slug, ...[0, 1, 2, 3, 4, 5].map((i) => `page-${i}`)], 'oldest first, no repeats, none missing')
})
