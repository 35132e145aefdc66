/**
 * Document rendering benchmark: `npx tsx bench/documents.ts` (or `npm run bench documents`).
 * Warm p50/p95 of every document against the care agreement's in the same run, as ratios; a
 * receipt is rendered per payment, so its p50 has a target (< 10 ms, issue 15). Optional:
 * BENCH_DOC_RUNS (default 200 per document).
 */
import { cpus, loadavg } from 'node:os'
import { renderCareAgreement } from '../src/pdf/care-agreement.js'
import { loadFonts } from '../src/pdf/fonts.js'
import { renderHiringContract } from '../src/pdf/hiring-contract.js'
import { renderReceipt } from '../src/pdf/receipt.js'
import { renderRefundReceipt } from '../src/pdf/refund-receipt.js'
import { renderSettlementStatement } from '../src/pdf/settlement-statement.js'
import { renderStatement } from '../src/pdf/statement.js'
import { renderSubsidyClaim } from '../src/pdf/subsidy-claim.js'
import { renderSurveySlips } from '../src/pdf/survey-slips.js'
import { ISSUED_AT, sampleContract, sampleReceipt, sampleRefund, sampleSettlement, sampleSlips, sampleStatement, sampleSubsidyClaim } from '../test/pdf/document-fixtures.js'
import { CREATION_DATE, sampleAgreement } from '../test/pdf/fixtures.js'

const RUNS = Number(process.env.BENCH_DOC_RUNS ?? 200)
const RECEIPT_TARGET_MS = 10
const o = { creationDate: ISSUED_AT }

// Different families each time, so the personal lines are new text in every document, as in production.
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗']
const GIVEN = [...'小明红华丽军伟芳娜秀英敏静强磊洋艳勇杰娟涛超']
const person = (i: number) => `${SURNAMES[i % 20]}${GIVEN[(i * 7) % 21]}${GIVEN[Math.floor(i / 3) % 21]}`
const no = (i: number) => String(i).padStart(6, '0')

const documents: [string, (i: number) => Promise<Buffer>][] = [
  [
    'care agreement (baseline)',
    (i) =>
      renderCareAgreement(
        sampleAgreement({
          agreementNo: `JW-2025-${no(i)}`,
          student: { ...sampleAgreement().student, name: person(i + 1) },
          guardian: { ...sampleAgreement().guardian, name: person(i), phone: String(13800000000 + i) },
        }),
        { creationDate: CREATION_DATE },
      ),
  ],
  [
    'receipt',
    (i) =>
      renderReceipt(
        sampleReceipt({
          receiptNo: `2026-${no(i)}`,
          payer: { name: person(i), relation: '母亲' },
          student: { name: person(i + 1), className: '三年级（2）班' },
          transactionNo: String(4200002391202609031234567890n + BigInt(i)),
        }),
        o,
      ),
  ],
  [
    'void receipt',
    (i) => renderReceipt(sampleReceipt({ receiptNo: `2026-${no(i)}`, payer: { name: person(i), relation: null }, reversal: { reason: '重复登记', reversedOn: '2026-09-04' } }), o),
  ],
  ['refund receipt', (i) => renderRefundReceipt(sampleRefund({ refundNo: `TF-2027-${no(i)}`, payee: { name: person(i), relation: '父亲' } }), o)],
  ['hiring contract', (i) => renderHiringContract(sampleContract({ staff: { ...sampleContract().staff, name: person(i) } }), o)],
  ['statement (1 fund, 3 expenses)', () => renderStatement(sampleStatement(), o)],
  ['settlement statement', () => renderSettlementStatement(sampleSettlement(), o)],
  ['subsidy claim (45 students)', () => renderSubsidyClaim(sampleSubsidyClaim(), o)],
  ['survey slips (40 slips, 5 pages)', () => renderSurveySlips(sampleSlips(40), o)],
]

async function timeEach(n: number, fn: (i: number) => Promise<Buffer>) {
  const wall: number[] = []
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    bytes = (await fn(i)).length
    wall.push(performance.now() - t0)
  }
  wall.sort((a, b) => a - b)
  const at = (q: number) => wall[Math.min(wall.length - 1, Math.floor(q * wall.length))]!
  return { p50: at(0.5), p95: at(0.95), bytes }
}

loadFonts()
for (const [, render] of documents) for (let i = 0; i < 20; i++) await render(10_000 + i) // JIT and font tables warm
const results = []
for (const [name, render] of documents) results.push({ name, ...(await timeEach(name.startsWith('survey') || name.startsWith('subsidy') ? Math.ceil(RUNS / 4) : RUNS, render)) })

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')
console.log(`Document bench (node ${process.version}, ${cpus().length} CPUs, load average ${load}; ${RUNS} warm runs each)\n`)
const base = results[0]!
console.log(`${'document'.padEnd(34)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'p50 ÷ agreement'.padStart(16)} ${'size'.padStart(9)}`)
for (const r of results) {
  console.log(
    `${r.name.padEnd(34)} ${`${r.p50.toFixed(2)} ms`.padStart(9)} ${`${r.p95.toFixed(2)} ms`.padStart(9)} ${`${(r.p50 / base.p50).toFixed(2)}×`.padStart(16)} ${`${(r.bytes / 1024).toFixed(0)} KB`.padStart(9)}`,
  )
}
const receipt = results.find((r) => r.name === 'receipt')!
console.log(
  `\nreceipt warm p50 ${receipt.p50.toFixed(2)} ms = ${(receipt.p50 / base.p50).toFixed(2)}× the care agreement's; target < ${RECEIPT_TARGET_MS} ms ${receipt.p50 < RECEIPT_TARGET_MS ? 'PASS' : 'FAIL'}`,
)
// Timings depend on what else the machine runs (the header prints the load average): reported, not enforced.
