import t from 'tap'
import { build, seedWorld } from '../helpers/app.js'
import { launchChromium, noBrowser } from '../helpers/browser.js'

// Issue 14 item 2: the CSP is checked where it matters, in a browser. Swagger UI must still
// render every operation under its policy, and the public page its style under the page policy,
// with no violation reported. Skipped where Debian chromium is not installed, never faked.
t.test('Swagger UI and the public page work under their Content-Security-Policy', { skip: noBrowser }, async (t) => {
  const ta = await build(t)
  const w = await seedWorld(ta)
  await ta.app.listen({ port: 0, host: '127.0.0.1' })
  const address = ta.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const browser = await launchChromium(t)

  const violations: string[] = []
  const page = await browser.newPage({ viewport: { width: 1280, height: 3000 } })
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text())
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`))
  })

  const docs = await page.goto(`http://127.0.0.1:${port}/docs`)
  t.equal(docs?.status(), 200)
  // Swagger UI renders only what the viewport shows of a long document: the page is tall.
  await page.waitForFunction('document.querySelectorAll(".opblock").length > 20', undefined, { timeout: 30_000 }).catch(() => {})
  const operations = await page.locator('.opblock').count()
  t.ok(operations > 20, `Swagger UI lists the operations (${operations})`)
  t.match(await page.locator('.info .title').textContent(), /Jiawei/)

  const pub = await page.goto(`http://127.0.0.1:${port}/p/${w.slug}`)
  t.equal(pub?.status(), 200)
  const headerColour = await page.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor)
  t.equal(headerColour, 'rgb(185, 28, 28)', 'the page’s style applies (allowed by its hash)')
  t.same(violations, [], 'no Content-Security-Policy violation on either page')
})
