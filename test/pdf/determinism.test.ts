import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import t from 'tap'
import { renderCareAgreement } from '../../src/pdf/care-agreement.js'
import { extractText } from './extract-text.js'
import { CREATION_DATE, sampleAgreement } from './fixtures.js'

// The service stores the SHA-256 of the exact file a guardian signed: the same data and
// creationDate must give the same bytes, in any order, in any process, on any machine.

const sha256 = (buf: Buffer) => createHash('sha256').update(buf).digest('hex')
const render = (data = sampleAgreement(), creationDate = CREATION_DATE) => renderCareAgreement(data, { creationDate })
const withStudent = (name: string) => sampleAgreement({ student: { ...sampleAgreement().student, name } })

// Noto Sans SC draws · (U+00B7), • (U+2022) and ・ (U+30FB) with one glyph; fontkit remembers the
// first character a glyph was used for, and pdfkit writes that into the text layer. A document
// must come out as a fresh process would make it, whatever this process rendered before.
// (Runs first: no earlier test in this file uses these characters.)
t.test('a document does not depend on what the process rendered before', async (t) => {
  const uyghur = withStudent('买买提·艾力') // U+00B7, as Chinese ID cards write it
  await render(withStudent('山田・太郎')) // U+30FB, same glyph, seen first by this process
  const here = await render(uyghur)
  const script = `
    import { renderCareAgreement } from './src/pdf/care-agreement.ts'
    import { createHash } from 'node:crypto'
    const pdf = await renderCareAgreement(${JSON.stringify(uyghur)}, { creationDate: new Date('${CREATION_DATE.toISOString()}') })
    process.stdout.write(createHash('sha256').update(pdf).digest('hex'))`
  const fresh = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  t.equal(sha256(here), fresh, 'same bytes as a fresh process makes')
  t.ok((await extractText(here)).includes('买买提·艾力'), 'the name copies out as typed')
})

t.test('two renders of the same data are byte-identical', async (t) => {
  const [a, b] = [await render(), await render()]
  t.ok(a.equals(b))
})

t.test('renders running concurrently do not disturb each other', async (t) => {
  const alone = await render()
  const [a, , c] = await Promise.all([render(), render(withStudent('赵丽')), render()])
  t.ok(alone.equals(a!))
  t.ok(alone.equals(c!))
})

t.test('different data or a different creation date gives different bytes', async (t) => {
  const base = await render()
  t.notOk(base.equals(await render(withStudent('李小红'))), 'another student')
  t.notOk(base.equals(await render(undefined, new Date('2025-08-26T02:00:00Z'))), 'another date')
})

t.test('the creation date, not the clock, is written into the file', async (t) => {
  const text = (await render()).toString('latin1')
  t.match(text, /\/CreationDate \d+ 0 R/)
  t.match(text, /\/ModDate \d+ 0 R/)
  t.same(text.match(/\(D:\d{14}Z\)/g), ['(D:20250825020000Z)', '(D:20250825020000Z)'], 'both dates pinned, no other')
  t.match(text, /\/ID \[<[0-9a-f]{32}> <[0-9a-f]{32}>\]/)
})

t.test('the time zone of the server does not matter', async (t) => {
  const before = process.env.TZ
  t.teardown(() => {
    process.env.TZ = before
  })
  const utc = await render()
  process.env.TZ = 'America/Los_Angeles'
  t.ok(utc.equals(await render()))
})

t.test('the fonts are embedded as subsets, not whole', async (t) => {
  const pdf = await render()
  const bytes = pdf.toString('latin1')
  t.match(bytes, /\/FontFile2 \d+ 0 R/, 'TrueType font program embedded')
  t.match(bytes, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/, 'subset tag on the regular face')
  t.match(bytes, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/, 'subset tag on the bold face')
  t.notMatch(bytes, /\/BaseFont \/Helvetica/, 'no font we did not use')
  t.ok(pdf.length < 150_000, `${pdf.length} bytes, far below the 10 MB of each whole font`)
})
