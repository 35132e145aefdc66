import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { launchChromium, noBrowser } from '../helpers/browser.js'
import { createSurvey, surveyWorld, tokensOf } from '../surveys/helpers.js'

// The answer form as a parent sees it on a phone: 375 px wide, in Chinese, no accessibility
// violation axe-core can find, answered by tapping and submitted once.
t.test('the survey form on a 375 px phone in headless Chromium, checked with axe-core', { skip: noBrowser }, async (t) => {
  const { ta, w, planId, zhao, qian } = await surveyWorld(t, 'e2e')
  const survey = await createSurvey(ta, w, planId, [zhao.staffId, qian.staffId])
  const [invitation] = await tokensOf(ta, survey.id, 'student')
  await ta.app.listen({ port: 0, host: '127.0.0.1' })
  const address = ta.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const browser = await launchChromium(t)
  const page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const res = await page.goto(`http://127.0.0.1:${port}/s/${invitation!.short_code}`)
  t.equal(res?.status(), 200)
  t.equal(await page.locator('h1').textContent(), '2026年秋季学期课后托管服务满意度测评')
  t.same(await page.locator('form section h2').allTextContents(), ['关于赵敏', '关于钱芳'])

  // Nothing wider than the phone: no sideways scrolling.
  const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }))
  t.ok(widths.doc <= widths.view, `fits 375 px (${widths.doc} ≤ ${widths.view})`)
  // Tap targets of the 1–5 scale at least 44 px high.
  const box = await page.locator('.scale label').first().boundingBox()
  t.ok(box && box.height >= 44 && box.width >= 44, `a scale button is ${Math.round(box?.width ?? 0)}×${Math.round(box?.height ?? 0)} px`)

  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
  const audit = async () => {
    // Injected through the debugger, not a <script>: the page's CSP rightly refuses inline scripts.
    await page.evaluate(axeSource)
    return page.evaluate(async () => {
      const r = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe.run()
      return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)
    })
  }
  t.same(await audit(), [], 'axe-core finds no violation on the form')
  const shot = join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'jiawei-survey-form-375.png')
  await page.screenshot({ path: shot, fullPage: true })
  t.ok(existsSync(shot), `screenshot at ${shot}`)

  // Answer by tapping, as a parent would; the free text is optional.
  for (const staff of [0, 1]) {
    await page.locator(`input[name="a-${staff}-0"][value="${staff === 0 ? 5 : 3}"]`).check()
    await page.locator(`input[name="a-${staff}-1"][value="4"]`).check()
    await page.locator(`input[name="a-${staff}-2"][value="愿意"]`).check()
  }
  await page.locator('textarea[name="a-0-3"]').fill('老师很负责，谢谢！')
  await Promise.all([page.waitForURL(`http://127.0.0.1:${port}/s`), page.locator('button[type=submit]').click()])
  t.equal(await page.locator('main h2').textContent(), '提交成功')
  t.same(await audit(), [], 'nor on the thank-you page')
  await page.screenshot({ path: join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'jiawei-survey-thanks-375.png'), fullPage: true })

  const again = await page.goto(`http://127.0.0.1:${port}/s/${invitation!.token}`)
  t.equal(again?.status(), 409, 'the same invitation cannot answer twice')
  t.equal(await page.locator('main h2').textContent(), '已经提交')
  const stored = await ta.db.selectFrom('survey_answers').select('answers').execute()
  t.equal(stored.length, 1)
  t.match(stored[0]!.answers, [{ staffId: zhao.staffId, question: 0, value: 5 }])

  const entry = await page.goto(`http://127.0.0.1:${port}/s`)
  t.equal(entry?.status(), 200)
  t.same(await audit(), [], 'nor on the page where a short code is typed')
})
