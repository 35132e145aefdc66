// A multipart/form-data body the parser cannot read is the client's mistake: 400 problem, never a
// 500 (found by the fuzzer: busboy's own errors carry no status and fell through as internal).
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'

const BOUNDARY = 'jiawei-test-boundary'
const part = (name: string, headers: string, content: string) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${headers}\r\n\r\n${content}\r\n`
const file = part('file', '; filename="export.csv"\r\nContent-Type: text/csv', '交易时间,金额\r\n2026-09-02,300.00')

t.test('a multipart body that cannot be read is a 400 malformed-multipart problem on every route that takes files', async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  const cases: [string, string, string][] = [
    ['no boundary in the content type', 'multipart/form-data', `${file}--${BOUNDARY}--\r\n`],
    ['a boundary the body never uses', 'multipart/form-data; boundary=another', `${file}--${BOUNDARY}--\r\n`],
    ['the body cut off in a file', `multipart/form-data; boundary=${BOUNDARY}`, file.slice(0, 90)],
    [
      'a json part declared JSON that is not',
      `multipart/form-data; boundary=${BOUNDARY}`,
      `${part('json', '\r\nContent-Type: application/json', '{"planId":')}--${BOUNDARY}--\r\n`,
    ],
  ]
  for (const url of [`/api/v1/committees/${w.committeeId}/imports`, `/api/v1/committees/${w.committeeId}/expenses`]) {
    for (const [what, contentType, body] of cases) {
      const res = await ta.as(w.tokens.treasurer).post(url, body, { headers: { 'content-type': contentType } })
      t.equal(res.statusCode, 400, `${url}: ${what}`)
      t.match(res.headers['content-type'], /^application\/problem\+json/)
      t.match(res.json(), { status: 400, code: 'malformed-multipart', title: 'Bad Request' })
    }
  }
})
