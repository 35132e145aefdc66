import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import { loadDemoData } from '../../src/demo.js'
import { build } from '../helpers/app.js'
import { launchChromium, noBrowser } from '../helpers/browser.js'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// The demo committee's public ledger as a parent sees it, opened from a WeChat group on a phone:
// 375 px wide, no horizontal scrolling, accessible (axe-core), and no family named anywhere.
t.test('the public ledger on a phone, in headless Chromium', { skip: noBrowser }, async (t) => {
  const ta = await build(t, {}, { now: '2026-12-01T12:00:00+08:00' })
  const demo = await loadDemoData({ config: loadConfig({ LOG_LEVEL: 'silent' }), db: ta.db, realClock: new MovableClock('2026-12-01T12:00:00+08:00') })
  await ta.app.listen({ port: 0, host: '127.0.0.1' })
  const address = ta.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const browser = await launchChromium(t)
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true })
  const res = await page.goto(`http://127.0.0.1:${port}/p/${demo!.slug}`)
  t.equal(res?.status(), 200)
  const text = (await page.locator('body').textContent()) ?? ''
  t.match(text, '收支公示')
  for (const month of ['2026年9月', '2026年10月', '2026年11月']) t.match(text, month, `${month} is published`)
  t.ok(await page.locator('svg[role="img"]').count(), 'the income/expense chart is drawn')
  t.match(text, '预算执行')
  for (const name of ['刘小明', '赵小红', '孙小刚', '周小丽', '刘妈妈', '赵爸爸', '周老师', '13700000000']) t.notMatch(text, name, `${name} appears nowhere`)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  t.equal(overflow, 0, 'no horizontal scrolling at 375 px')
  // Injected through the debugger, not a <script>: the page's CSP rightly refuses inline scripts.
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run()
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
  t.same(violations, [], 'axe-core finds no violation')
  const pdfLink = page.locator('a[href$=".pdf"]').first()
  t.match((await pdfLink.getAttribute('href')) ?? '', /\/statements\/2026-11\.pdf$/, 'the newest month first, with its PDF')
  const shot = join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'jiawei-public-ledger-375.png')
  await page.screenshot({ path: shot, fullPage: true })
  t.ok(existsSync(shot), `screenshot at ${shot}`)
})
