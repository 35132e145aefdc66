import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { approvedPlan, expectStatus, planBody } from './helpers.js'

t.test('the public page shows approved plans only, with fee and budget', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  await expectStatus(201, ta.as(w.tokens.chair).post(`/api/v1/committees/${w.committeeId}/plans`, planBody(w.termId, { title: '尚未提交的草案' })))
  const before = await ta.as(null).get(`/p/${w.slug}`)
  t.match(before.body, '尚无经学校核准的托管方案')
  t.notMatch(before.body, '尚未提交的草案', 'a draft is not public')

  await approvedPlan(ta, w, { title: '学校核准的方案' })
  const after = await ta.as(null).get(`/p/${w.slug}`)
  t.match(after.body, '学校核准的方案')
  t.match(after.body, '每月 300.00 元')
  t.match(after.body, '周一至周五 16:30—18:00')
  t.match(after.body, '45000.00', 'the budget total')
  t.notMatch(after.body, '尚未提交的草案')
})
