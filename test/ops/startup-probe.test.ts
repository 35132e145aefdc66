import { createServer } from 'node:net'
import t from 'tap'
import { holdPortWhileStarting } from '../../src/http/startup-probe.js'

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

t.test('while starting: alive on /health, a 503 problem elsewhere, and the port is handed over', async (t) => {
  const port = await freePort()
  const probe = await holdPortWhileStarting(port, '127.0.0.1')
  const health = await fetch(`http://127.0.0.1:${port}/health`)
  t.equal(health.status, 200)
  t.same(await health.json(), { status: 'ok' })
  const api = await fetch(`http://127.0.0.1:${port}/api/v1/me`)
  t.equal(api.status, 503)
  t.equal(api.headers.get('content-type'), 'application/problem+json; charset=utf-8')
  t.equal(api.headers.get('retry-after'), '2')
  t.equal((await api.json()).code, 'starting')
  await probe.release()
  const again = await new Promise<boolean>((resolve) => {
    const s = createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
  t.ok(again, 'the port is free for the app once released')
})
