// The calendar, roster and attendance know a plan only through the plans module's service API.
export { getPlanForService, type PlanForService } from '../plans/service.js'
