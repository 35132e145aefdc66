import { sql } from 'kysely'
import t from 'tap'
import { ballot, createSurvey, surveyWorld, tokensOf } from './helpers.js'

t.test('answers arriving at once: one per token, and the box is shaken as one', async (t) => {
  // Checked by removing lockSurvey from submitSurveyResponse (surveys/submit-response.ts): on
  // PostgreSQL ballots cast at once then keep different row versions, so the later ones stand
  // out. PGlite has one connection, so there the requests run one after the other either way.
  const { ta, w, planId, zhao } = await surveyWorld(t, 'race')
  const answers = ballot([{ id: zhao.staffId, scale: [4, 5] }])
  for (let round = 0; round < 3; round++) {
    const survey = await createSurvey(ta, w, planId, [zhao.staffId])
    const tokens = await tokensOf(ta, survey.id)
    const submit = (token: string) => ta.as(null).post(`/api/v1/surveys/${survey.id}/responses`, { token, answers })
    const same = await Promise.all([1, 2, 3].map(() => submit(tokens[0]!.token)))
    t.same(same.map((r) => r.statusCode).sort(), [201, 409, 409], 'one token, one answer')
    const many = await Promise.all(tokens.slice(1).map((s) => submit(s.token)))
    t.same(
      many.map((r) => r.statusCode),
      tokens.slice(1).map(() => 201),
    )
    const rows = await ta.db.selectFrom('survey_answers').select('sort_key').where('survey_id', '=', survey.id).execute()
    t.equal(rows.length, tokens.length, 'every ballot kept once')
    const versions = await sql<{ v: string }>`SELECT DISTINCT xmin::text AS v FROM survey_answers WHERE survey_id = ${survey.id}`.execute(ta.db)
    t.equal(versions.rows.length, 1, `round ${round + 1}: every ballot rewritten by the last one in`)
  }
})
