import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { renderCareAgreement } from '../../src/pdf/care-agreement.js'
import { renderHiringContract } from '../../src/pdf/hiring-contract.js'
import { renderReceipt } from '../../src/pdf/receipt.js'
import { renderRefundReceipt } from '../../src/pdf/refund-receipt.js'
import { renderSettlementStatement } from '../../src/pdf/settlement-statement.js'
import { renderStatement } from '../../src/pdf/statement.js'
import { renderSubsidyClaim } from '../../src/pdf/subsidy-claim.js'
import { renderSurveySlips } from '../../src/pdf/survey-slips.js'
import { contractCertificate, sampleContract, sampleReceipt, sampleRefund, sampleSettlement, sampleSlips, sampleStatement, sampleSubsidyClaim } from './document-fixtures.js'
import { CREATION_DATE, sampleAgreement } from './fixtures.js'

// Every document: the same data and creation date give the same bytes; fonts are embedded subsets.

const sha256 = (pdf: Buffer) => createHash('sha256').update(pdf).digest('hex')
const SHA = 'ab'.repeat(32)
const DOCUMENTS: Record<string, (creationDate: Date) => Promise<Buffer>> = {
  'care agreement': (creationDate) => renderCareAgreement(sampleAgreement(), { creationDate }),
  receipt: (creationDate) => renderReceipt(sampleReceipt(), { creationDate }),
  'void receipt': (creationDate) => renderReceipt(sampleReceipt({ reversal: { reason: '重复登记', reversedOn: '2026-09-04' } }), { creationDate }),
  'refund receipt': (creationDate) => renderRefundReceipt(sampleRefund(), { creationDate }),
  'hiring contract': (creationDate) => renderHiringContract(sampleContract(), { creationDate }),
  'signed hiring contract': (creationDate) =>
    renderHiringContract(sampleContract(), {
      creationDate,
      signatures: { chair: contractCertificate('chair', SHA), staff: contractCertificate('staff', SHA) },
    }),
  statement: (creationDate) => renderStatement(sampleStatement(), { creationDate }),
  'settlement statement': (creationDate) => renderSettlementStatement(sampleSettlement(), { creationDate }),
  'subsidy claim': (creationDate) => renderSubsidyClaim(sampleSubsidyClaim(), { creationDate }),
  'survey slips': (creationDate) => renderSurveySlips(sampleSlips(), { creationDate }),
}

const pdffonts = (() => {
  try {
    execFileSync('pdffonts', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()

for (const [name, render] of Object.entries(DOCUMENTS)) {
  t.test(`${name}: deterministic, dated by its creation date, fonts embedded as subsets`, async (t) => {
    const [a, b] = [await render(CREATION_DATE), await render(CREATION_DATE)]
    t.ok(a.equals(b), 'same data and creation date, same bytes')
    t.notOk(a.equals(await render(new Date('2026-01-01T00:00:00Z'))), 'another creation date, other bytes')
    const bytes = a.toString('latin1')
    t.same(bytes.match(/\(D:\d{14}Z\)/g), ['(D:20250825020000Z)', '(D:20250825020000Z)'], 'both dates pinned, no clock')
    t.match(bytes, /\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/)
    t.notMatch(bytes, /\/BaseFont \/Helvetica/, 'no font we did not use')
    t.ok(a.length < 200_000, `${(a.length / 1024).toFixed(0)} KB`)
    if (!pdffonts) {
      t.comment('pdffonts not installed (Debian poppler-utils): font embedding not checked by a reader')
      return
    }
    const dir = mkdtempSync(join(tmpdir(), 'fonts-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'x.pdf'), a)
    const rows = execFileSync('pdffonts', [join(dir, 'x.pdf')], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .slice(2)
    t.ok(rows.length >= 1)
    for (const row of rows) {
      // name, type (two words: CID TrueType), encoding, emb, sub, uni, object, generation
      const cells = row.trim().split(/\s+/)
      const [font] = cells
      const [emb, sub, uni] = cells.slice(-5, -2)
      t.match(font, /^[A-Z]{6}\+NotoSansSC-(Regular|Bold)$/, `${font} is Noto Sans SC`)
      t.same([emb, sub, uni], ['yes', 'yes', 'yes'], `${font}: embedded, subset, with a ToUnicode map`)
    }
  })
}

t.test('a receipt comes out as a fresh process makes it, whatever this process rendered before', async (t) => {
  await DOCUMENTS['survey slips']!(CREATION_DATE)
  await renderReceipt(sampleReceipt({ payer: { name: '山田・太郎', relation: null } }), { creationDate: CREATION_DATE })
  const data = sampleReceipt({ payer: { name: '买买提·艾力', relation: '父亲' } })
  const here = sha256(await renderReceipt(data, { creationDate: CREATION_DATE }))
  const script = `
    import { renderReceipt } from './src/pdf/receipt.ts'
    import { createHash } from 'node:crypto'
    const pdf = await renderReceipt(${JSON.stringify(data)}, { creationDate: new Date('${CREATION_DATE.toISOString()}') })
    process.stdout.write(createHash('sha256').update(pdf).digest('hex'))`
  const fresh = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })
  t.equal(here, fresh)
})
