// The attendance area's service functions for other modules and the app: what billing, subsidy
// claims, pay and the calendar ask of the daily records. Each lives in its own file.
import type { Db, Trx } from '../../db/index.js'
import { attendanceExistsOn } from './repository.js'

export { type DutyShift, dutyShifts } from './duty.js'
export { leaveDatesForPlan, leaveDaysForEnrollmentMonth, presentDatesForPlan } from './leave.js'

/** Whether care was held (attendance recorded) at a school on a date: such a day can no longer be closed. */
export const careHeldOn = (db: Db | Trx, schoolId: string, date: string): Promise<boolean> => attendanceExistsOn(db, schoolId, date)
