// The satisfaction surveys area (满意度测评, rule 8): creating a survey with its invitations,
// anonymous answers, results, students' slips, a parent's open surveys. Each lives in its own file.
export { createSurvey } from './create-survey.js'
export { getSurveySlipList, getSurveySlips } from './slips.js'
export { openInvitation, submitSurveyResponse } from './submit-response.js'
export { getSurvey, getSurveyResults, latestResultsForStaff, listMySurveys, listSchoolSurveys, listSurveys } from './surveys.js'
