// Invitation slips for students, who have no accounts: one per enrolled student, each with its
// QR code and short code, naming only the class (src/pdf/survey-slips.ts lays them out).

import { COMMITTEE_OFFICERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { RuleViolation } from '../../errors.js'
import { renderSurveySlips } from '../../pdf/survey-slips.js'
import { getSchoolRef } from '../schools/service.js'
import * as repo from './repository.js'
import { loadSurvey } from './surveys.js'

export async function getSurveySlips(db: Db, ctx: Ctx, surveyId: string, publicBaseUrl: string) {
  const { survey, committee } = await loadSurvey(db, ctx, surveyId, COMMITTEE_OFFICERS, 'print the invitation slips')
  const slips = await repo.studentInvitations(db, surveyId)
  if (slips.length === 0) throw new RuleViolation('no-student-invitations', 'This survey invites no students: parents find it after signing in')
  const school = await getSchoolRef(db, committee.schoolId)
  const pdf = await renderSurveySlips(
    {
      survey: { title: survey.title, closesAt: survey.closes_at.toISOString() },
      school: { name: school.name },
      committee: { name: committee.name },
      entryUrl: `${publicBaseUrl}/s`,
      slips: slips.map((s) => ({ className: s.class_name!, url: `${publicBaseUrl}/s/${s.token}`, shortCode: s.short_code })),
    },
    // The survey's own time, so a reprint is the same file.
    { creationDate: survey.created_at },
  )
  return { pdf, count: slips.length }
}

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

/** The same invitations as a list (UTF-8 with BOM, for Excel): for a label printer or the class's own channel. */
export async function getSurveySlipList(db: Db, ctx: Ctx, surveyId: string, publicBaseUrl: string) {
  await loadSurvey(db, ctx, surveyId, COMMITTEE_OFFICERS, 'list the invitation slips')
  const slips = await repo.studentInvitations(db, surveyId)
  const lines = [['班级', '短码', '链接'], ...slips.map((s) => [s.class_name!, s.short_code, `${publicBaseUrl}/s/${s.token}`])]
  return `\uFEFF${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`
}
