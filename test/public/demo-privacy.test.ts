import t from 'tap'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import { loadDemoData } from '../../src/demo.js'
import { build } from '../helpers/app.js'
import { extractText } from '../pdf/extract-text.js'

// Rule: no child's or guardian's name, phone or low-income status in any public output. Every
// public GET of the demo committee is fetched — the page, the list, each statement and the
// settlement in every format, the chain check — and none may carry what identifies a family, or
// a care worker paid as a person (published by role only).
const SECRETS = [
  ...['刘小明', '赵小红', '孙小刚', '周小丽', '吴小宇'],
  ...['刘妈妈', '赵爸爸', '孙爸爸', '周妈妈', '吴妈妈', '外婆'],
  ...['13700000000', '13900000000', '13600000000', 'JD2026-0001234', '低保', 'low_income', 'lowIncome'],
  ...['周老师', '钱老师', 'WFZ-2026-0815'],
]

t.setTimeout(300_000)

t.test('no public output of the demo names a family, its phone or its low-income status', async (t) => {
  const ta = await build(t, {}, { now: '2026-12-01T12:00:00+08:00' })
  const demo = await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: new MovableClock('2026-12-01T12:00:00+08:00') })
  const slug = demo!.slug
  const anyone = ta.as(null)
  const list = await anyone.get(`/p/${slug}/statements`)
  t.equal(list.statusCode, 200)
  const periods = (list.json().items as { period: string }[]).map((i) => i.period)
  t.ok(
    periods.some((p) => p.startsWith('settlement-')),
    'the settled term is among them',
  )
  const urls = [`/p/${slug}`, `/p/${slug}/statements`, `/p/${slug}/statements/verify`]
  for (const p of periods) urls.push(...['', '.json', '.csv', '.pdf'].map((suffix) => `/p/${slug}/statements/${p}${suffix}`))
  // Every public GET route of the API is reached by these (a new one must be added here).
  const api = (await anyone.get('/docs/json')).json() as { paths: Record<string, Record<string, { security?: unknown[] }>> }
  const publicGets = Object.entries(api.paths)
    .filter(([path, ops]) => path.startsWith('/p/') && ops.get)
    .map(([path]) => path)
  t.same(
    publicGets.sort(),
    [
      '/p/{slug}',
      '/p/{slug}/statements',
      '/p/{slug}/statements/verify',
      '/p/{slug}/statements/{period}',
      '/p/{slug}/statements/{period}.csv',
      '/p/{slug}/statements/{period}.json',
      '/p/{slug}/statements/{period}.pdf',
    ].sort(),
    "the committee's public GETs are the ones scanned",
  )
  let scanned = 0
  for (const url of urls) {
    const res = await anyone.get(url)
    t.equal(res.statusCode, 200, url)
    const text = String(res.headers['content-type']).startsWith('application/pdf') ? await extractText(res.rawPayload) : res.body
    const found = SECRETS.filter((s) => text.includes(s))
    t.same(found, [], `${url}: nothing that names a family`)
    scanned++
  }
  t.comment(`${scanned} public documents scanned for ${SECRETS.length} secrets`)
})
