import t from 'tap'
import { authorisedHandover } from '../../src/modules/attendance/pickup.js'

const pickup = {
  persons: [
    { name: '王芳', phone: '13800138000', relation: '母亲' },
    { name: '李秀英', phone: '139-0013-9000', relation: '外婆' },
  ],
  goesHomeAlone: false,
}

t.test('a listed person, as typed at the door', async (t) => {
  t.match(authorisedHandover(pickup, '王小明', { name: '王芳' }), { ok: true, person: { relation: '母亲' }, alone: false })
  t.match(
    authorisedHandover(pickup, '王小明', { name: ' 李 秀英 ', phone: '+86 13900139000' }),
    { ok: true, person: { name: '李秀英' } },
    'spaces and the country code do not matter',
  )
  t.match(authorisedHandover(pickup, '王小明', { name: 'Ｗang' }), { ok: false })
})

t.test('refusals say why', async (t) => {
  const stranger = authorisedHandover(pickup, '王小明', { name: '张三' })
  t.equal(stranger.ok, false)
  t.match(stranger, { detail: /王芳（母亲）、李秀英（外婆）.*张三: this person is not on the list/ })
  t.match(authorisedHandover(pickup, '王小明', { name: '王芳', phone: '13100000000' }), { ok: false, detail: /phone number does not match/ })
  t.match(authorisedHandover(pickup, '王小明', 'self'), { ok: false, detail: /may not go home alone/ })
  t.match(authorisedHandover({ ...pickup, goesHomeAlone: true, aloneConsent: '  ' }, '王小明', 'self'), { ok: false }, 'consent must be written')
  t.match(authorisedHandover({ ...pickup, goesHomeAlone: true, aloneConsent: '同意独自回家' }, '王小明', 'self'), { ok: true, person: null, alone: true })
})
