import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { launchChromium, noBrowser } from '../helpers/browser.js'
import { approvedPlan } from '../plans/helpers.js'

// A real browser renders the public page: Chinese text shows, nothing private does.
// Debian's chromium is not on a fresh machine; there this test is skipped, never faked.
t.test('the public page in headless Chromium', { skip: noBrowser }, async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  await approvedPlan(ta, w)
  await ta.app.listen({ port: 0, host: '127.0.0.1' })
  const address = ta.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const browser = await launchChromium(t)
  const page = await browser.newPage({ viewport: { width: 800, height: 900 } })
  const res = await page.goto(`http://127.0.0.1:${port}/p/${w.slug}`)
  t.equal(res?.status(), 200)
  t.equal(await page.locator('h1').textContent(), '三年级2班家委会')
  const text = await page.locator('body').textContent()
  t.match(text, '课后托管服务')
  t.match(text, '收费标准：每月 300.00 元')
  t.notMatch(text, w.inviteCode)
  const shot = join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'jiawei-public-page.png')
  await page.screenshot({ path: shot, fullPage: true })
  t.ok(existsSync(shot), `screenshot at ${shot}`)
})
