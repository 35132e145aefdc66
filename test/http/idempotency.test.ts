import Fastify from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import t from 'tap'
import { z } from 'zod'
import type { Principal } from '../../src/context.js'
import { authPlugin } from '../../src/http/auth.js'
import { idempotencyPlugin } from '../../src/http/idempotency.js'
import { problemPlugin } from '../../src/http/problem.js'
import { ensureAdmin } from '../../src/modules/accounts/service.js'
import { freshDatabase } from '../helpers/database.js'

/** The plugin on its own, with a route that counts how often its handler really ran. */
t.test('Idempotency-Key replays the first response and refuses a different body', async (t) => {
  const database = await freshDatabase()
  const { user } = await ensureAdmin(database.db, { login: 'idem-user', password: 'long-enough-pw' }, new Date())
  const principal: Principal = { userId: user.id, login: user.login, name: user.name, isAdmin: false, reviewerOf: new Set(), financeOf: new Set(), committees: new Map() }
  const app = Fastify()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  await app.register(problemPlugin)
  await app.register(authPlugin, { resolveToken: async (token) => (token === 'good' ? principal : null) })
  await app.register(idempotencyPlugin, { db: database.db })
  let runs = 0
  app.withTypeProvider<ZodTypeProvider>().post('/api/v1/payments', {
    config: { idempotent: true },
    schema: { body: z.object({ amountFen: z.number().int() }), response: { 201: z.object({ run: z.number(), amountFen: z.number() }) } },
    handler: async (req, reply) => {
      runs++
      if (req.body.amountFen === 500) throw new Error('boom')
      return reply.code(201).send({ run: runs, amountFen: req.body.amountFen })
    },
  })
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  const post = (key: string | undefined, amountFen: number) =>
    app.inject({ method: 'POST', url: '/api/v1/payments', payload: { amountFen }, headers: { authorization: 'Bearer good', ...(key ? { 'idempotency-key': key } : {}) } })

  const first = await post('key-000000001', 100)
  t.equal(first.statusCode, 201)
  const again = await post('key-000000001', 100)
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.same(again.json(), first.json(), 'the stored response is replayed')
  t.equal(runs, 1, 'the handler ran once')

  const other = await post('key-000000001', 200)
  t.equal(other.statusCode, 422)
  t.equal(other.json().code, 'idempotency-key-reused')
  t.equal(runs, 1)

  t.equal((await post(undefined, 100)).statusCode, 201, 'without a key every request runs')
  t.equal(runs, 2)

  const failed = await post('key-000000002', 500)
  t.equal(failed.statusCode, 500)
  t.notMatch(failed.body, /boom/, 'no internal text leaves')
  await post('key-000000002', 500)
  t.equal(runs, 4, 'a 5xx frees the key so a retry runs again')

  const short = await post('abc', 100)
  t.equal(short.statusCode, 400)
  t.equal(short.json().errors[0].path, 'headers.idempotency-key')

  const rows = await database.db.selectFrom('idempotency_keys').selectAll().execute()
  t.same(
    rows.map((r) => [r.key, r.status_code]),
    [['key-000000001', 201]],
    'only completed keys are kept',
  )
})
