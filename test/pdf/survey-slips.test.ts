import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQRModule from 'jsqr'
import { PNG } from 'pngjs'
import t from 'tap'
import { renderSurveySlips } from '../../src/pdf/survey-slips.js'
import { ISSUED_AT, sampleSlips } from './document-fixtures.js'
import { extractPages } from './extract-text.js'

// jsqr is CommonJS whose types describe an ES default export: at run time the module is the function.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default
const render = (data = sampleSlips()) => renderSurveySlips(data, { creationDate: ISSUED_AT })

t.test('eight slips to a page, each with the survey, the class, the short code and the deadline', async (t) => {
  const data = sampleSlips(10)
  const pages = await extractPages(await render(data))
  t.equal(pages.length, 2, '10 slips on 2 pages')
  const text = pages.join('')
  t.equal(text.split('2026—2027学年第一学期课后托管服务学生满意度测评').length - 1, 10, 'the title on every slip')
  for (const slip of data.slips) t.ok(text.includes(slip.shortCode), `short code ${slip.shortCode}`)
  t.equal(text.split('班级：三年级（2）班').length - 1, 6)
  t.equal(text.split('班级：三年级（3）班').length - 1, 4)
  t.ok(text.includes('https://jiawei.example.cn/s'))
  t.ok(text.includes('截止：2026年12月20日 18:00'), 'the deadline in Beijing time')
  t.ok(text.includes('匿名填写'))
  t.ok(pages[1]!.includes('第 2 页 / 共 2 页'))
  t.equal((await extractPages(await render(sampleSlips(16)))).length, 2, '16 slips fill exactly 2 pages')
})

t.test('refused: no slips, a link that is not a URL, a blank short code, a title too long for a slip', async (t) => {
  await t.rejects(render(sampleSlips(0)), /no slips/)
  await t.rejects(render(sampleSlips(1, { slips: [{ className: '三年级（2）班', url: 'javascript:alert(1)', shortCode: 'AB' }] })), /url is not a URL/)
  await t.rejects(render(sampleSlips(1, { slips: [{ className: '三年级（2）班', url: 'https://x.cn/s/1', shortCode: ' ' }] })), /shortCode is blank/)
  await t.rejects(render(sampleSlips(1, { survey: { title: '很长的问卷标题'.repeat(12), closesAt: '2026-12-20T10:00:00.000Z' } })), /too long for a slip/)
})

const pdftoppm = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

t.test(
  "every QR code on a printed page decodes to its slip's link",
  { skip: pdftoppm ? false : 'pdftoppm not installed (Debian poppler-utils): QR codes not decoded' },
  async (t) => {
    const data = sampleSlips(10)
    const dir = mkdtempSync(join(tmpdir(), 'slips-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'slips.pdf'), await render(data))
    // 150 dpi, as a cheap office printer or a phone photo of the page would give.
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', join(dir, 'slips.pdf'), join(dir, 'page')])
    const page = PNG.sync.read(readFileSync(join(dir, 'page-1.png')))
    const decoded: string[] = []
    // One slip at a time: jsQR finds one code per image. The page is 2 × 4 slips inside 28 pt margins.
    const scale = 150 / 72
    const [x0, y0] = [28 * scale, 28 * scale]
    const w = (page.width - 2 * x0) / 2
    const h = (page.height - 2 * x0 - 22 * scale) / 4
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 2; c++) {
        const code = jsQR(...crop(page, Math.round(x0 + c * w), Math.round(y0 + r * h), Math.floor(w), Math.floor(h)))
        decoded.push(code?.data ?? '(none)')
      }
    }
    t.same(
      decoded,
      data.slips.slice(0, 8).map((s) => s.url),
      "each slip's code gives its own link",
    )
  },
)

function crop(png: PNG, x: number, y: number, width: number, height: number): [Uint8ClampedArray, number, number] {
  const out = new Uint8ClampedArray(width * height * 4)
  for (let row = 0; row < height; row++) {
    const from = ((y + row) * png.width + x) * 4
    out.set(png.data.subarray(from, from + width * 4), row * width * 4)
  }
  return [out, width, height]
}
