import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import t from 'tap'
import { expectOk } from '../attendance/helpers.js'
import { seedWorld, type TestApp } from '../helpers/app.js'
import { ballot, CLOSES_AT, createSurvey, surveyBody, surveyWorld, TERM, tokensOf } from './helpers.js'

const count = async (ta: TestApp, table: 'surveys' | 'survey_answers' | 'survey_invitations') =>
  Number(
    (
      await ta.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
const usedCount = async (ta: TestApp) =>
  Number(
    (
      await ta.db
        .selectFrom('survey_invitations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('used', '=', true)
        .executeTakeFirstOrThrow()
    ).n,
  )

t.test('a survey invites each enrolled family and each enrolled student; refusals write nothing', async (t) => {
  const { ta, w, planId, zhao, qian } = await surveyWorld(t, 'sv')
  const url = `/api/v1/committees/${w.committeeId}/surveys`
  const chair = ta.as(w.tokens.chair)
  t.equal((await ta.as(w.tokens.treasurer).post(url, surveyBody(planId, [zhao.staffId]))).statusCode, 403, 'the chair surveys')
  t.equal((await chair.post(url, surveyBody(planId, [zhao.staffId], { closesAt: '2026-12-01T18:00:00+08:00' }))).json().code, 'closes-in-past')
  const other = await seedWorld(ta, 'sv-x', { term: TERM })
  const foreign = await expectOk(
    201,
    ta.as(other.tokens.chair).post(`/api/v1/committees/${other.committeeId}/staff`, {
      name: '外校老师',
      kind: 'volunteer',
      phone: '13700137000',
      backgroundCheck: { certificateNo: 'GA-2026-0001', issuedOn: '2026-08-01' },
    }),
  )
  t.equal((await chair.post(url, surveyBody(planId, [zhao.staffId, foreign.id]))).json().code, 'staff-unknown')
  t.equal((await chair.post(url, surveyBody(planId, [zhao.staffId], { questions: [{ kind: 'text', text: '意见' }] }))).json().code, 'survey-needs-scale')
  t.equal((await chair.post(url, surveyBody(planId, [zhao.staffId], { questions: [{ kind: 'bogus', text: '?' }] }))).statusCode, 400)
  t.equal(await count(ta, 'surveys'), 0)
  t.equal(await count(ta, 'survey_invitations'), 0)

  const survey = await createSurvey(ta, w, planId, [zhao.staffId, qian.staffId])
  t.match(survey, {
    title: '2026年秋季学期课后托管服务满意度测评',
    status: 'open',
    satisfiedThresholdPercent: 60,
    audiences: ['parent', 'student'],
    invitations: { parent: { invited: 4, answered: 0 }, student: { invited: 5, answered: 0 } },
  })
  t.same(
    survey.staff.map((s: { name: string }) => s.name),
    ['赵敏', '钱芳'],
  )
  const students = await tokensOf(ta, survey.id, 'student')
  t.same(
    (await ta.db.selectFrom('survey_invitations').select('class_name').where('audience', '=', 'student').orderBy('class_name').execute()).map((r) => r.class_name),
    ['一年级（1）班', '三年级（2）班', '三年级（2）班', '三年级（2）班', '三年级（2）班'],
    "a student's invitation knows the class, not the child",
  )
  t.equal(new Set(students.map((s) => s.token)).size, 5)

  // A parent sees the open survey after signing in, once per family.
  const mine = await expectOk(200, ta.as(w.tokens.parent1).get('/api/v1/me/surveys'))
  t.equal(mine.items.length, 1, 'parent1 has two children and one invitation')
  t.match(mine.items[0], { surveyId: survey.id, answered: false, answerUrl: /\/s\/[A-Za-z0-9_-]{22}$/ })
  t.same((await expectOk(200, ta.as(other.tokens.parent1).get('/api/v1/me/surveys'))).items, [], 'another committee’s parent has none')
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/surveys/${survey.id}`)).statusCode, 404, 'a parent is a stranger to the survey record')
})

t.test('answers: single-use tokens, anonymous ballots, late answers refused, results only from 5 answers after closing', async (t) => {
  const { ta, w, planId, zhao, qian } = await surveyWorld(t, 'an')
  const survey = await createSurvey(ta, w, planId, [zhao.staffId, qian.staffId])
  const submit = (token: string, answers: unknown[], surveyId = survey.id) => ta.as(null).post(`/api/v1/surveys/${surveyId}/responses`, { token, answers })
  const parentToken = (await expectOk(200, ta.as(w.tokens.parent1).get('/api/v1/me/surveys'))).items[0].answerUrl.split('/s/')[1]
  const z = zhao.staffId
  const q = qian.staffId
  const ballots = [
    ballot([
      { id: z, scale: [5, 5], comment: '认真负责' },
      { id: q, scale: [3, 2], comment: '经常迟到' },
    ]),
    ballot([
      { id: z, scale: [4, 4] },
      { id: q, scale: [4, 3], choice: '一般' },
    ]),
    ballot([
      { id: z, scale: [5, 3], comment: '很耐心' },
      { id: q, scale: [2, 2], choice: '不愿意' },
    ]),
    ballot([
      { id: z, scale: [4, 5] },
      { id: q, scale: [5, 4] },
    ]),
    ballot([
      { id: z, scale: [2, 4], comment: '  ' },
      { id: q, scale: [3, 3] },
    ]),
  ]

  // Refused answers write nothing and leave the invitation unused.
  const missing = await submit(
    parentToken,
    ballots[0]!.filter((a) => !(a.staffId === q && a.question === 1)),
  )
  t.equal(missing.statusCode, 422)
  t.equal(missing.json().code, 'answers-invalid')
  t.match(missing.json().detail, /question 2 about staff/)
  t.equal((await submit(parentToken, [...ballots[0]!, { staffId: z, question: 0, value: 6 }])).json().code, 'answers-invalid')
  t.equal(
    (
      await submit(
        parentToken,
        ballots[0]!.map((a) => (a.question === 2 ? { ...a, value: '很好' } : a)),
      )
    ).json().code,
    'answers-invalid',
    'not an option',
  )
  t.equal((await submit('AAAA-BBBB', ballots[0]!)).statusCode, 404)
  t.equal((await submit(parentToken, ballots[0]!, randomUUID())).statusCode, 404, 'the token of another survey')
  t.equal(await count(ta, 'survey_answers'), 0)
  t.equal(await usedCount(ta), 0)

  await expectOk(201, submit(parentToken, ballots[0]!))
  const twice = await submit(parentToken, ballots[1]!)
  t.equal(twice.statusCode, 409)
  t.equal(twice.json().code, 'invitation-used', 'a token answers once')
  t.equal(await count(ta, 'survey_answers'), 1, 'the second answer was not kept')
  t.match((await expectOk(200, ta.as(w.tokens.parent1).get('/api/v1/me/surveys'))).items[0], { answered: true, answerUrl: null })

  // While open: counts only.
  const open = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/surveys/${survey.id}/results`))
  t.match(open, { status: 'open', shown: false, answers: 1, withheld: /still open/, staff: [] })

  // Students answer with the codes on their slips, typed any old way.
  const students = await tokensOf(ta, survey.id, 'student')
  await expectOk(201, submit(students[0]!.short_code.toLowerCase().replace('-', ' '), ballots[1]!))
  await expectOk(201, submit(students[1]!.token, ballots[2]!))
  await expectOk(201, submit(students[2]!.token, ballots[3]!))
  await expectOk(201, submit(students[3]!.token, ballots[4]!))

  // Anonymity: the ballot box holds what was answered and nothing else.
  const columns = await sql<{ column_name: string }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_answers' ORDER BY column_name`.execute(ta.db)
  t.same(
    columns.rows.map((r) => r.column_name),
    ['answers', 'sort_key', 'survey_id'],
    'no invitation, token, family, audience or time',
  )
  const invitationColumns = await sql<{
    column_name: string
  }>`SELECT column_name FROM information_schema.columns WHERE table_name = 'survey_invitations' ORDER BY column_name`.execute(ta.db)
  t.notOk(
    invitationColumns.rows.some((r) => /_at$|_on$|time/.test(r.column_name)),
    'an invitation keeps no time of use',
  )
  const stored = await ta.db.selectFrom('survey_answers').selectAll().execute()
  t.equal(stored.length, 5)
  for (const row of stored) {
    for (const a of row.answers) t.same(Object.keys(a).sort(), ['question', 'staffId', 'value'])
    t.notOk(JSON.stringify(row).match(new RegExp([parentToken, ...students.map((s) => s.token), w.userIds.parent1].join('|'))), 'no token or account in a ballot')
  }
  const versions = await sql<{ v: string }>`SELECT DISTINCT xmin::text AS v FROM survey_answers WHERE survey_id = ${survey.id}`.execute(ta.db)
  t.equal(versions.rows.length, 1, 'every ballot was rewritten with the last one: no row version singles out an answer')
  const audit = await ta.db.selectFrom('audit_events').select('action').where('entity_type', '=', 'survey').execute()
  t.same(
    audit.map((a) => a.action),
    ['survey.created'],
    'answering leaves no audit row (its time would point at the family)',
  )
  await t.rejects(
    ta.db.updateTable('survey_invitations').set({ used: false }).where('token', '=', parentToken).execute(),
    /only ever marked used/,
    'the database refuses to reuse a token',
  )
  await t.rejects(ta.db.deleteFrom('survey_invitations').where('token', '=', parentToken).execute(), /only ever marked used/)

  // Late answers are refused.
  ta.clock.set(new Date(new Date(CLOSES_AT).getTime() + 1000))
  const late = await submit(students[4]!.token, ballots[0]!)
  t.equal(late.statusCode, 422)
  t.equal(late.json().code, 'survey-closed')
  t.equal(await count(ta, 'survey_answers'), 5, 'the late answer is not kept')
  t.equal(await usedCount(ta), 5)

  // Closed with 5 answers: the results, per staff member and question.
  const results = await expectOk(200, ta.as(w.tokens.auditor).get(`/api/v1/surveys/${survey.id}/results`))
  t.match(results, {
    status: 'closed',
    shown: true,
    withheld: null,
    answers: 5,
    responseRatePercent: 55.6,
    invitations: { parent: { invited: 4, answered: 1 }, student: { invited: 5, answered: 4 } },
  })
  const [zr, qr] = results.staff
  t.match(zr, { name: '赵敏', satisfied: 8, scaleAnswers: 10, satisfiedPercent: 80, flagged: false })
  t.match(zr.questions[0], { kind: 'scale', answers: 5, mean: 4, distribution: { 1: 0, 2: 1, 3: 0, 4: 2, 5: 2 }, satisfied: 4 })
  t.match(zr.questions[1], { mean: 4.2 })
  t.same(zr.questions[3].comments, ['很耐心', '认真负责'].sort(), 'comments in an order that says nothing; blank ones dropped')
  t.match(qr, { name: '钱芳', satisfied: 3, scaleAnswers: 10, satisfiedPercent: 30, flagged: true })
  t.same(qr.questions[2].distribution, { 愿意: 3, 一般: 1, 不愿意: 1 } as never)

  // The school sees the results of its committees; strangers learn nothing.
  t.equal((await ta.as(w.tokens.reviewer).get(`/api/v1/surveys/${survey.id}/results`)).statusCode, 200)
  const school = await expectOk(200, ta.as(w.tokens.reviewer).get(`/api/v1/schools/${w.schoolId}/surveys`))
  t.match(school.items, [{ surveyId: survey.id, status: 'closed', answers: 5, shown: true, flagged: [{ name: '钱芳', satisfiedPercent: 30 }] }])
  t.equal((await ta.as(w.tokens.chair).get(`/api/v1/schools/${w.schoolId}/surveys`)).statusCode, 403, 'the school-wide list is the school’s')
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/surveys/${survey.id}/results`)).statusCode, 404)
  const other = await seedWorld(ta, 'an-x', { term: TERM })
  t.equal((await ta.as(other.tokens.reviewer).get(`/api/v1/surveys/${survey.id}/results`)).statusCode, 404, "another school's reviewer")
})

t.test('fewer than 5 answers: the results stay withheld after closing', async (t) => {
  const { ta, w, planId, zhao } = await surveyWorld(t, 'few')
  const survey = await createSurvey(ta, w, planId, [zhao.staffId], { audiences: ['student'], satisfiedThresholdPercent: 75 })
  t.match(survey.invitations, { parent: { invited: 0 }, student: { invited: 5 } })
  for (const s of (await tokensOf(ta, survey.id)).slice(0, 4)) {
    await expectOk(201, ta.as(null).post(`/api/v1/surveys/${survey.id}/responses`, { token: s.token, answers: ballot([{ id: zhao.staffId, scale: [5, 5] }]) }))
  }
  ta.clock.set('2026-12-21')
  const results = await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/surveys/${survey.id}/results`))
  t.match(results, { status: 'closed', shown: false, answers: 4, withheld: /Fewer than 5 answers/, staff: [], satisfiedThresholdPercent: 75 })
})
