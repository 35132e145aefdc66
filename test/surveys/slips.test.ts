import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import t from 'tap'
import { expectOk } from '../attendance/helpers.js'
import { extractText } from '../pdf/extract-text.js'
import { createSurvey, surveyWorld, tokensOf } from './helpers.js'

const jsQR = jsQRModule as unknown as typeof jsQRModule.default
const pdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

t.test('students get slips: one per enrolled student, the class and never the name, a QR code that opens their form', async (t) => {
  const { ta, w, planId, zhao } = await surveyWorld(t, 'slip')
  const survey = await createSurvey(ta, w, planId, [zhao.staffId])
  const url = `/api/v1/surveys/${survey.id}/slips.pdf`
  const res = await ta.as(w.tokens.member).get(url)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/pdf')
  t.equal(res.headers['x-slip-count'], '5', 'one per enrolled student')
  const again = await ta.as(w.tokens.chair).get(url)
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')
  t.equal(sha(again.rawPayload), sha(res.rawPayload), 'a reprint is the same file')
  const text = await extractText(res.rawPayload)
  t.equal(text.split('班级：三年级（2）班').length - 1, 4)
  t.equal(text.split('班级：一年级（1）班').length - 1, 1)
  for (const s of await tokensOf(ta, survey.id, 'student')) t.ok(text.includes(s.short_code), `short code ${s.short_code}`)
  for (const name of ['王小明', '王小亮', '陈小红', '李小华', '张小强']) t.notOk(text.includes(name), `no ${name}`)
  t.ok(text.includes('http://localhost:3000/s'), 'where to type a code')

  const list = await ta.as(w.tokens.chair).get(`/api/v1/surveys/${survey.id}/slips.csv`)
  t.equal(list.statusCode, 200)
  t.match(list.headers['content-type'], /text\/csv/)
  t.ok(list.body.startsWith('\uFEFF班级,短码,链接\r\n'), 'UTF-8 with BOM, for Excel')
  t.equal(list.body.trim().split('\r\n').length, 6, 'a header and one line per student')
  for (const name of ['王小明', '陈小红']) t.notOk(list.body.includes(name))
  t.equal((await ta.as(w.tokens.parent1).get(`/api/v1/surveys/${survey.id}/slips.csv`)).statusCode, 404)
  t.equal((await ta.as(w.tokens.parent1).get(url)).statusCode, 404, 'parents do not print slips')
  t.equal((await ta.as(w.tokens.reviewer).get(url)).statusCode, 403, 'the committee prints them, the school sees results')
  const parentsOnly = await createSurvey(ta, w, planId, [zhao.staffId], { audiences: ['parent'] })
  t.equal((await ta.as(w.tokens.chair).get(`/api/v1/surveys/${parentsOnly.id}/slips.pdf`)).json().code, 'no-student-invitations')

  t.test('the first QR code on the printed page decodes to an invitation link that opens its form', { skip: pdftoppm ? false : 'pdftoppm not installed' }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'slips-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'slips.pdf'), res.rawPayload)
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', join(dir, 'slips.pdf'), join(dir, 'page')])
    const page = PNG.sync.read(readFileSync(join(dir, 'page-1.png')))
    // The first slip: the top-left of 2 × 4 slips inside 28 pt margins.
    const scale = 150 / 72
    const [x0, y0] = [Math.round(28 * scale), Math.round(28 * scale)]
    const [width, height] = [Math.floor((page.width - 2 * x0) / 2), Math.floor((page.height - 2 * x0 - 22 * scale) / 4)]
    const data = new Uint8ClampedArray(width * height * 4)
    for (let row = 0; row < height; row++) data.set(page.data.subarray(((y0 + row) * page.width + x0) * 4, ((y0 + row) * page.width + x0 + width) * 4), row * width * 4)
    const code = jsQR(data, width, height)
    t.ok(code, 'a QR code is found')
    const link = code!.data
    t.match(link, /^http:\/\/localhost:3000\/s\/[A-Za-z0-9_-]{22}$/)
    const tokens = (await tokensOf(ta, survey.id, 'student')).map((s) => s.token)
    t.ok(tokens.includes(link.split('/s/')[1]!), "it is one of the students' invitations")
    const form = await ta.as(null).get(link.replace('http://localhost:3000', ''))
    t.equal(form.statusCode, 200)
    t.match(form.headers['content-type'], /text\/html/)
    t.match(form.body, '关于赵敏')
  })
})

t.test('the phone pages: entry by short code, the form, refusals as pages', async (t) => {
  const { ta, w, planId, zhao } = await surveyWorld(t, 'page')
  const survey = await createSurvey(ta, w, planId, [zhao.staffId])
  const [student] = await tokensOf(ta, survey.id, 'student')
  const entry = await ta.as(null).get('/s')
  t.equal(entry.statusCode, 200)
  t.match(entry.body, '输入邀请条上的短码')
  const go = await ta.as(null).get(`/s?code=${encodeURIComponent(student!.short_code.toLowerCase().replace('-', ''))}`)
  t.equal(go.statusCode, 303)
  t.equal(go.headers.location, `/s/${student!.short_code}`)
  const form = await ta.as(null).get(go.headers.location as string)
  t.equal(form.statusCode, 200)
  t.match(form.body, '<html lang="zh-CN">')
  t.match(form.body, 'name="viewport" content="width=device-width, initial-scale=1"')
  t.notMatch(form.body, `/s/${student!.token}`, 'the token is in the form body, not in the address it posts to')
  t.equal((await ta.as(null).get('/s/NOPE-NOPE')).statusCode, 404)

  // Posted as a browser posts it.
  const fields = new URLSearchParams({ token: student!.token, 'a-0-0': '5', 'a-0-1': '4', 'a-0-2': '愿意', 'a-0-3': '谢谢老师' })
  const missing = await ta.app.inject({ method: 'POST', url: '/s', payload: `token=${student!.token}&a-0-0=5`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(missing.statusCode, 422)
  t.match(missing.body, '还有题目没有作答')
  const done = await ta.app.inject({ method: 'POST', url: '/s', payload: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(done.statusCode, 200)
  t.match(done.body, '提交成功')
  const again = await ta.app.inject({ method: 'POST', url: '/s', payload: fields.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  t.equal(again.statusCode, 409)
  t.match(again.body, '已经提交')
  t.equal((await ta.as(null).get(`/s/${student!.token}`)).statusCode, 409, 'the form says it was answered')
  const stored = await ta.db.selectFrom('survey_answers').select('answers').execute()
  t.same(stored[0]!.answers, [
    { staffId: zhao.staffId, question: 0, value: 5 },
    { staffId: zhao.staffId, question: 1, value: 4 },
    { staffId: zhao.staffId, question: 2, value: '愿意' },
    { staffId: zhao.staffId, question: 3, value: '谢谢老师' },
  ])
  ta.clock.set('2026-12-21')
  const closed = await ta.as(null).get(`/s/${(await tokensOf(ta, survey.id, 'student'))[1]!.token}`)
  t.equal(closed.statusCode, 422)
  t.match(closed.body, '测评已结束')
  await expectOk(200, ta.as(w.tokens.chair).get(`/api/v1/surveys/${survey.id}`))
})
