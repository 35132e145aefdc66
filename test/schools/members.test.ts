import { randomUUID } from 'node:crypto'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'

// Issue 14 item 6: a chair appoints officers from the committee's own parents; anyone else is
// the school's reviewer's or the admin's to add; an unrelated id is not found, like no id at all.
t.test("a chair adds officers from the committee's own parents only", async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const other = await seedWorld(ta, 'b')
  const url = `/api/v1/committees/${w.committeeId}/members`
  const chair = ta.as(w.tokens.chair)
  const membersOf = async (userId: string) =>
    (await ta.db.selectFrom('committee_members').select('role').where('committee_id', '=', w.committeeId).where('user_id', '=', userId).execute()).map((r) => r.role)

  const parent = await chair.post(url, { userId: w.userIds.parent1, role: 'treasurer' })
  t.equal(parent.statusCode, 201, 'a parent of the committee becomes treasurer')
  t.same(await membersOf(w.userIds.parent1!), ['treasurer'])
  const officer = await chair.post(url, { userId: w.userIds.member, role: 'auditor' })
  t.equal(officer.statusCode, 201, 'an officer of the committee takes another role')

  const strangerFromAnotherSchool = await chair.post(url, { userId: other.userIds.reviewer, role: 'chair' })
  const parentElsewhere = await chair.post(url, { userId: other.userIds.parent1, role: 'member' })
  const nobody = await chair.post(url, { userId: randomUUID(), role: 'member' })
  for (const [what, res] of [
    ['a user of another school', strangerFromAnotherSchool],
    ["another committee's parent", parentElsewhere],
    ['an id that names nobody', nobody],
  ] as const) {
    t.equal(res.statusCode, 404, `${what}: not found`)
    t.equal(res.json().code, 'not-found')
  }
  const words = (r: typeof nobody) => r.json().detail.replace(/[0-9a-f-]{36}/g, '<id>')
  t.equal(words(strangerFromAnotherSchool), words(nobody), 'the same words: the chair learns nothing about the id')
  t.equal(words(parentElsewhere), words(nobody))
  t.same(await membersOf(other.userIds.reviewer!), [], 'nothing written')
  t.same(await membersOf(other.userIds.parent1!), [])

  // The school's reviewer and the admin add anyone, e.g. a teacher who is no parent.
  t.equal((await ta.as(w.tokens.reviewer).post(url, { userId: other.userIds.reviewer, role: 'member' })).statusCode, 201, 'the reviewer adds anyone')
  t.equal((await ta.as(w.admin).post(url, { userId: other.userIds.chair, role: 'member' })).statusCode, 201, 'so does the admin')
  t.equal((await ta.as(w.tokens.reviewer).post(url, { userId: randomUUID(), role: 'member' })).statusCode, 404, 'an id that names nobody is still 404')

  // Other officers do not appoint at all.
  t.equal((await ta.as(w.tokens.treasurer).post(url, { userId: w.userIds.parent2, role: 'member' })).statusCode, 403)
  t.equal((await ta.as(w.tokens.parent2).post(url, { userId: w.userIds.parent2, role: 'chair' })).statusCode, 403, 'no parent makes themself chair')
})
