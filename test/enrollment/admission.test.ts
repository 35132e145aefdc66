import t from 'tap'
import { type AdmissionCandidate, decideAdmission } from '../../src/modules/enrollment/admission.js'

const at = (minute: number) => new Date(Date.UTC(2025, 8, 1, 8, minute))
const c = (id: string, minute: number, priority: string[] = [], admitted = false): AdmissionCandidate => ({ id, submittedAt: at(minute), priority, admitted })

t.test('within capacity everyone is admitted, in admission order', async (t) => {
  t.same(decideAdmission([c('late', 9), c('early', 1)], 5), { admit: ['early', 'late'], wait: [] })
})

t.test('places short: priority groups first, then submission time', async (t) => {
  const candidates = [c('first-normal', 1), c('second-normal', 2), c('migrant', 3, ['migrant']), c('low-income', 4, ['low_income', 'disabled'])]
  t.same(decideAdmission(candidates, 2), { admit: ['migrant', 'low-income'], wait: ['first-normal', 'second-normal'] })
  t.same(decideAdmission(candidates, 3), { admit: ['migrant', 'low-income', 'first-normal'], wait: ['second-normal'] })
})

t.test('a place once given is never taken back', async (t) => {
  const candidates = [c('holder', 5, [], true), c('left-behind', 1, ['left_behind'])]
  t.same(decideAdmission(candidates, 1), { admit: [], wait: ['left-behind'] }, 'a later priority approval waits for a free place')
  t.same(decideAdmission([...candidates, c('holder-2', 6, [], true)], 1), { admit: [], wait: ['left-behind'] }, 'capacity below holders evicts nobody')
  t.same(decideAdmission(candidates, 2), { admit: ['left-behind'], wait: [] }, 'a freed or added place goes to the head of the wait list')
})

t.test('ties in time are broken by id, so the order is total and stable', async (t) => {
  t.same(decideAdmission([c('b', 1), c('a', 1)], 1), { admit: ['a'], wait: ['b'] })
  t.same(decideAdmission([], 3), { admit: [], wait: [] })
})
