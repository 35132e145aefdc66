// Two overlapping exports confirmed at the same moment (on PostgreSQL they really race; PGlite
// runs them one after the other): the transaction they share is booked once, and the import that
// lost is refused whole and can be confirmed again for what is left.
import t from 'tap'
import { wechatXlsx } from './fixtures.js'
import { confirm, count, SEPTEMBER, upload, world } from './import-world.js'

t.test('overlapping imports confirmed at once book their shared transaction once', async (t) => {
  const { m } = await world(t)
  const [memo, nickname, guardian] = SEPTEMBER as [(typeof SEPTEMBER)[0], (typeof SEPTEMBER)[0], (typeof SEPTEMBER)[0]]
  const a = (await upload(m, (await wechatXlsx([memo, nickname])).bytes)).json()
  const b = (await upload(m, (await wechatXlsx([memo, guardian])).bytes)).json()
  t.equal(a.counts.matched, 2)
  t.equal(b.counts.matched, 2, 'both propose the shared row: neither is confirmed yet')
  const answers = await Promise.all([confirm(m, a.id), confirm(m, b.id)])
  const codes = answers.map((r) => (r.statusCode === 200 ? 200 : `${r.statusCode} ${r.json().code}`))
  t.ok(codes.includes(200), `one confirmation stands (${codes.join(', ')})`)
  const shared = await m.ta.db.selectFrom('payments').select('id').where('reference', '=', memo.txNo).execute()
  t.equal(shared.length, 1, 'the shared transaction is one payment')
  for (const [i, r] of answers.entries()) {
    if (r.statusCode === 200) continue
    t.match(r.json(), { code: /^(possible-duplicate|transaction-already-decided)$/ }, 'the loser is refused whole')
    const again = await confirm(m, [a, b][i].id)
    t.equal(again.statusCode, 200, 'and confirmed again for what is left')
    t.match(again.json().counts, { confirmed: 1 })
  }
  t.equal(await count(m, 'payments'), 3, '刘小明 once, 王小红 and 张伟')
})
