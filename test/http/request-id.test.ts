import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// Issue 14 item 7: the audit trail records the server's own request id; a client's x-request-id
// is echoed for log correlation, never taken as the id the audit trail trusts.
t.test("audit events record the server's request id, not the client's", async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const res = await ta.as(w.admin).post('/api/v1/schools', { name: '请求编号小学' }, { headers: { 'x-request-id': 'chosen-by-the-client' } })
  t.equal(res.statusCode, 201)
  const serverId = String(res.headers['x-request-id'])
  t.match(serverId, UUID, "the answer carries the server's own id")
  t.equal(res.headers['x-client-request-id'], 'chosen-by-the-client', "the client's id is echoed beside it, for its logs")
  const event = await ta.db.selectFrom('audit_events').select('request_id').where('entity_id', '=', res.json().id).executeTakeFirstOrThrow()
  t.equal(event.request_id, serverId, "the audit trail has the server's id")

  // Two requests with the same client id are still two requests in the audit trail.
  const again = await ta.as(w.admin).post('/api/v1/schools', { name: '请求编号二小' }, { headers: { 'x-request-id': 'chosen-by-the-client' } })
  const second = await ta.db.selectFrom('audit_events').select('request_id').where('entity_id', '=', again.json().id).executeTakeFirstOrThrow()
  t.not(second.request_id, event.request_id)

  const junk = await ta.as(null).get('/health', { headers: { 'x-request-id': 'a b\u0001c' } })
  t.equal(junk.headers['x-client-request-id'], undefined, 'an id that is not plain text is not echoed')
  t.match(String(junk.headers['x-request-id']), UUID)
})
