import t from 'tap'
import { type AdmissionCandidate, decideAdmission } from '../../src/modules/enrollment/admission.js'

const at = (minute: number) => new Date(Date.UTC(2025, 8, 1, 8, minute))
const c = (id: string, minute: number, priority: string[] = [], admitted = false): AdmissionCandidate => ({ id, submittedAt: at(minute), priority, admitted })
const pending = (id: string, minute: number, priority: string[] = []): AdmissionCandidate => ({ ...c(id, minute, priority), pending: true })

t.test('within capacity everyone is admitted, in admission order', async (t) => {
  t.same(decideAdmission([c('late', 9), c('early', 1)], 5), { admit: ['early', 'late'], wait: [], reserved: [] })
})

t.test('places short: priority groups first, then submission time', async (t) => {
  const candidates = [c('first-normal', 1), c('second-normal', 2), c('migrant', 3, ['migrant']), c('low-income', 4, ['low_income', 'disabled'])]
  t.same(decideAdmission(candidates, 2), { admit: ['migrant', 'low-income'], wait: ['first-normal', 'second-normal'], reserved: [] })
  t.same(decideAdmission(candidates, 3), { admit: ['migrant', 'low-income', 'first-normal'], wait: ['second-normal'], reserved: [] })
})

t.test('a place once given is never taken back', async (t) => {
  const candidates = [c('holder', 5, [], true), c('left-behind', 1, ['left_behind'])]
  t.same(decideAdmission(candidates, 1), { admit: [], wait: ['left-behind'], reserved: [] }, 'a later priority approval waits for a free place')
  t.same(decideAdmission([...candidates, c('holder-2', 6, [], true)], 1), { admit: [], wait: ['left-behind'], reserved: [] }, 'capacity below holders evicts nobody')
  t.same(decideAdmission(candidates, 2), { admit: ['left-behind'], wait: [], reserved: [] }, 'a freed or added place goes to the head of the wait list')
})

t.test('an application still in review reserves the place its rank gives it', async (t) => {
  t.same(
    decideAdmission([pending('left-behind', 1, ['left_behind']), c('normal', 2)], 1),
    { admit: [], wait: ['normal'], reserved: ['left-behind'] },
    'the school approving the non-priority family first does not give it the last place',
  )
  t.same(decideAdmission([pending('left-behind', 9, ['left_behind']), c('normal', 2)], 2), { admit: ['normal'], wait: [], reserved: ['left-behind'] }, 'enough places for both')
  t.same(decideAdmission([pending('early', 1), c('late', 2)], 1), { admit: [], wait: ['late'], reserved: ['early'] }, 'first come, first served whatever the order of review')
  t.same(
    decideAdmission([pending('late', 3), c('early', 2)], 1),
    { admit: ['early'], wait: [], reserved: [] },
    'a pending application behind the last place reserves nothing and is not on the wait list',
  )
  t.same(
    decideAdmission([c('holder', 1, [], true), pending('left-behind', 2, ['left_behind']), c('normal', 3)], 1),
    { admit: [], wait: ['normal'], reserved: [] },
    'a reservation never takes a place already given',
  )
  t.same(decideAdmission([c('normal', 2)], 1), { admit: ['normal'], wait: [], reserved: [] }, 'once the pending one is rejected or withdrawn, the place goes on')
})

t.test('ties in time are broken by id, so the order is total and stable', async (t) => {
  t.same(decideAdmission([c('b', 1), c('a', 1)], 1), { admit: ['a'], wait: ['b'], reserved: [] })
  t.same(decideAdmission([], 3), { admit: [], wait: [], reserved: [] })
})
