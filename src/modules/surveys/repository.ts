// The SQL of satisfaction surveys: surveys, the staff they rate, invitations, and the ballot box.
import { type Selectable, sql } from 'kysely'
import type { Db, Trx } from '../../db/index.js'
import type { SurveyAnswer, SurveyAudience, SurveyInvitationsTable, SurveyQuestion, SurveysTable } from '../../db/schema.js'

export type SurveyRow = Selectable<SurveysTable>
export type InvitationRow = Selectable<SurveyInvitationsTable>

export const insertSurvey = (
  trx: Trx,
  s: {
    schoolId: string
    committeeId: string
    planId: string
    termId: string
    title: string
    questions: SurveyQuestion[]
    audiences: SurveyAudience[]
    closesAt: Date
    threshold: number
    createdBy: string
  },
  now: Date,
) =>
  trx
    .insertInto('surveys')
    .values({
      school_id: s.schoolId,
      committee_id: s.committeeId,
      plan_id: s.planId,
      term_id: s.termId,
      title: s.title,
      questions: JSON.stringify(s.questions),
      audiences: JSON.stringify(s.audiences),
      closes_at: s.closesAt,
      satisfied_threshold_percent: s.threshold,
      created_by: s.createdBy,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow()

export const insertSurveyStaff = (trx: Trx, surveyId: string, staffIds: string[]) =>
  trx
    .insertInto('survey_staff')
    .values(staffIds.map((staffId, position) => ({ survey_id: surveyId, staff_id: staffId, position })))
    .execute()

export const insertInvitations = (
  trx: Trx,
  rows: { surveyId: string; audience: SurveyAudience; guardianUserId: string | null; className: string | null; token: string; shortCode: string }[],
) =>
  rows.length === 0
    ? Promise.resolve()
    : trx
        .insertInto('survey_invitations')
        .values(
          rows.map((r) => ({
            survey_id: r.surveyId,
            audience: r.audience,
            guardian_user_id: r.guardianUserId,
            class_name: r.className,
            token: r.token,
            short_code: r.shortCode,
          })),
        )
        .execute()
        .then(() => undefined)

export const findSurvey = (db: Db | Trx, surveyId: string) => db.selectFrom('surveys').selectAll().where('id', '=', surveyId).executeTakeFirst()

export const lockSurvey = (trx: Trx, surveyId: string) => trx.selectFrom('surveys').selectAll().where('id', '=', surveyId).forUpdate().executeTakeFirst()

export const surveysQuery = (db: Db, committeeId: string) => db.selectFrom('surveys').selectAll().where('committee_id', '=', committeeId)

export const schoolSurveysQuery = (db: Db, schoolId: string) => db.selectFrom('surveys').selectAll().where('school_id', '=', schoolId)

export const staffOfSurveys = (db: Db | Trx, surveyIds: string[]) =>
  surveyIds.length === 0 ? Promise.resolve([]) : db.selectFrom('survey_staff').selectAll().where('survey_id', 'in', surveyIds).orderBy('position').execute()

/** Invited and answered per audience: counts only. */
export const invitationCounts = (db: Db | Trx, surveyIds: string[]) =>
  surveyIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('survey_invitations')
        .select((eb) => ['survey_id', 'audience', eb.fn.countAll<number>().as('invited'), eb.fn.count<number>(eb.case().when('used', '=', true).then(1).end()).as('answered')])
        .where('survey_id', 'in', surveyIds)
        .groupBy(['survey_id', 'audience'])
        .execute()

export const invitationByToken = (db: Db | Trx, token: string) =>
  db
    .selectFrom('survey_invitations')
    .selectAll()
    .where((eb) => eb.or([eb('token', '=', token), eb('short_code', '=', token)]))
    .executeTakeFirst()

export const lockInvitation = (trx: Trx, id: string) => trx.selectFrom('survey_invitations').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow()

export const markUsed = (trx: Trx, id: string) => trx.updateTable('survey_invitations').set({ used: true }).where('id', '=', id).where('used', '=', false).executeTakeFirstOrThrow()

/** A class's invitation slips, in the order of their random tokens within each class. */
export const studentInvitations = (db: Db, surveyId: string) =>
  db
    .selectFrom('survey_invitations')
    .select(['class_name', 'token', 'short_code'])
    .where('survey_id', '=', surveyId)
    .where('audience', '=', 'student')
    .orderBy('class_name')
    .orderBy('token')
    .execute()

export const invitationsOfGuardian = (db: Db, userId: string, now: Date) =>
  db
    .selectFrom('survey_invitations')
    .innerJoin('surveys', 'surveys.id', 'survey_invitations.survey_id')
    .select(['surveys.id as survey_id', 'surveys.title', 'surveys.closes_at', 'survey_invitations.used', 'survey_invitations.token'])
    .where('survey_invitations.guardian_user_id', '=', userId)
    .where('surveys.closes_at', '>', now)
    .orderBy('surveys.closes_at')
    .execute()

/**
 * Puts a ballot in the box and shakes it: the survey's answers are taken out and put back, with
 * the new one, under fresh random keys and in random order, in one statement. Afterwards every row
 * of the survey is as new as every other, so neither the key order, nor the physical order, nor
 * the row versions (xmin) single out the newest answer or tie it to the invitation marked used in
 * the same transaction.
 */
export const castBallot = (trx: Trx, surveyId: string, answers: SurveyAnswer[]) =>
  sql`WITH taken AS (DELETE FROM survey_answers WHERE survey_id = ${surveyId} RETURNING answers),
      ballots AS (SELECT answers FROM taken UNION ALL SELECT ${JSON.stringify(answers)}::jsonb)
    INSERT INTO survey_answers (survey_id, answers) SELECT ${surveyId}, answers FROM ballots ORDER BY random()`.execute(trx)

export const ballotsOf = async (db: Db | Trx, surveyId: string): Promise<SurveyAnswer[][]> =>
  (await db.selectFrom('survey_answers').select('answers').where('survey_id', '=', surveyId).orderBy('sort_key').execute()).map((r) => r.answers)

export const ballotCounts = (db: Db | Trx, surveyIds: string[]) =>
  surveyIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('survey_answers')
        .select((eb) => ['survey_id', eb.fn.countAll<number>().as('n')])
        .where('survey_id', 'in', surveyIds)
        .groupBy('survey_id')
        .execute()

/** The latest survey of a committee that rates this staff member and has closed by `now`. */
export const latestClosedSurveyOf = (db: Db | Trx, committeeId: string, staffId: string, now: Date) =>
  db
    .selectFrom('surveys')
    .selectAll()
    .where('committee_id', '=', committeeId)
    .where('closes_at', '<=', now)
    .where('id', 'in', (eb) => eb.selectFrom('survey_staff').select('survey_id').where('staff_id', '=', staffId))
    .orderBy('closes_at', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst()
