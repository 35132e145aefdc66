/**
 * PDF rendering benchmark: `npx tsx bench/pdf.ts` (bench/README.md explains the figures).
 * Optional: BENCH_PDF_RUNS (warm renders, default 300), BENCH_PDF_BATCH (default 2000).
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import PDFDocument from 'pdfkit'
import { type CareAgreementData, renderCareAgreement } from '../src/pdf/care-agreement.js'
import { loadFonts } from '../src/pdf/fonts.js'
import { CREATION_DATE, sampleAgreement } from '../test/pdf/fixtures.js'

const RUNS = Number(process.env.BENCH_PDF_RUNS ?? 300)
const BATCH = Number(process.env.BENCH_PDF_BATCH ?? 2000)
const TARGET = { p50Ms: 15, sizeBytes: 150 * 1024, peakRssMb: 400 }

// Different families, so the personal lines are new text in every document, as in production.
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗']
const GIVEN = [...'小明红华丽军伟芳娜秀英敏静强磊洋艳勇杰娟涛超']
function family(i: number): CareAgreementData {
  const base = sampleAgreement()
  const pick = (list: string[], n: number) => list[n % list.length]!
  const surname = pick(SURNAMES, i)
  const child = surname + pick(GIVEN, i * 7) + pick(GIVEN, Math.floor(i / 3))
  return {
    ...base,
    agreementNo: `bench-${String(i).padStart(6, '0')}`,
    student: { ...base.student, name: child, studentNo: String(20230000 + i) },
    guardian: { ...base.guardian, name: surname + pick(GIVEN, i * 3) + pick(GIVEN, i * 5), phone: String(13800000000 + i) },
    lowIncome: i % 25 === 0 ? { certificateNo: `4103022015${String(i).padStart(8, '0')}` } : null,
  }
}
const renderOne = (i: number) => renderCareAgreement(family(i), { creationDate: CREATION_DATE })

/** The floor pdfkit itself sets: one line of Latin text in built-in Helvetica, nothing embedded. */
function renderBaseline(): Promise<Buffer> {
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: CREATION_DATE } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.text('Jiawei care agreement baseline')
    doc.end()
  })
}

/** What STACK.md warned against: the font file handed to pdfkit, and parsed, for every document. */
function renderNaive(): Promise<Buffer> {
  const dir = new URL('../node_modules/@expo-google-fonts/noto-sans-sc/', import.meta.url)
  const regular = readFileSync(new URL('400Regular/NotoSansSC_400Regular.ttf', dir))
  return new Promise((resolve) => {
    const doc = new PDFDocument({ size: 'A4', info: { CreationDate: CREATION_DATE } })
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.font(regular).fontSize(10.5).text('甲方：洛阳市实验小学三年级（2）班家长委员会。乙方自愿为学生申请参加本托管服务。'.repeat(20))
    doc.end()
  })
}

async function timeEach(n: number, fn: (i: number) => Promise<unknown>) {
  const wall: number[] = []
  const cpuStart = process.cpuUsage()
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    await fn(i)
    wall.push(performance.now() - t0)
  }
  const cpu = process.cpuUsage(cpuStart)
  wall.sort((a, b) => a - b)
  const at = (q: number) => wall[Math.min(wall.length - 1, Math.floor(q * wall.length))]!
  return { p50: at(0.5), p95: at(0.95), cpuMean: (cpu.user + cpu.system) / 1000 / n }
}

function peakRssMb(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1]) / 1024
  } catch {
    /* not Linux */
  }
  return process.resourceUsage().maxRSS / 1024
}

const ms = (x: number) => `${x.toFixed(2)} ms`
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
const row = (label: string, value: string, extra = '') => console.log(`${label.padEnd(38)} ${value.padStart(12)}  ${extra}`)

const t0 = performance.now()
loadFonts()
const fontLoadMs = performance.now() - t0
const t1 = performance.now()
const first = await renderOne(0)
const coldMs = performance.now() - t1

for (let i = 0; i < 30; i++) {
  await renderBaseline()
  await renderOne(i)
} // JIT warm-up
const baseline = await timeEach(RUNS, () => renderBaseline())
const warm = await timeEach(RUNS, (i) => renderOne(i))
const naive = await timeEach(5, () => renderNaive())

const batchStart = performance.now()
const digest = createHash('sha256')
let totalBytes = 0
for (let i = 0; i < BATCH; i++) {
  const pdf = await renderOne(i)
  totalBytes += pdf.length
  digest.update(pdf)
}
const batchMs = performance.now() - batchStart
const rss = peakRssMb()

const load = loadavg()
  .map((l) => l.toFixed(1))
  .join(' ')
console.log(`PDF bench (node ${process.version}, ${cpus().length} CPUs, load average ${load}; ${RUNS} warm runs, batch ${BATCH})\n`)
row('font parse, once per process', ms(fontLoadMs))
row('first agreement (cold)', ms(coldMs))
row('baseline: Helvetica one line p50', ms(baseline.p50), `p95 ${ms(baseline.p95)}, cpu ${ms(baseline.cpuMean)}`)
row('agreement warm p50', ms(warm.p50), `${(warm.p50 / baseline.p50).toFixed(1)}× baseline  target < ${TARGET.p50Ms} ms  ${verdict(warm.p50 < TARGET.p50Ms)}`)
row('agreement warm p95', ms(warm.p95), `${(warm.p95 / baseline.p95).toFixed(1)}× baseline  target < ${TARGET.p50Ms} ms  ${verdict(warm.p95 < TARGET.p50Ms)}`)
row('agreement cpu per render (mean)', ms(warm.cpuMean), `${(warm.cpuMean / baseline.cpuMean).toFixed(1)}× baseline`)
row('naive: font parsed per document p50', ms(naive.p50), `${(naive.p50 / warm.p50).toFixed(1)}× ours (one page of text only)`)
row(
  'agreement file size',
  `${(first.length / 1024).toFixed(1)} KB`,
  `${(first.length / (await renderBaseline()).length).toFixed(0)}× baseline  target < 150 KB  ${verdict(first.length < TARGET.sizeBytes)}`,
)
row(`batch of ${BATCH}`, `${(batchMs / 1000).toFixed(1)} s`, `${(BATCH / (batchMs / 1000)).toFixed(0)} agreements/s, mean ${(totalBytes / BATCH / 1024).toFixed(1)} KB`)
row('peak RSS (VmHWM)', `${rss.toFixed(0)} MB`, `target < ${TARGET.peakRssMb} MB  ${verdict(rss < TARGET.peakRssMb)}`)
console.log(`\nbatch digest ${digest.digest('hex').slice(0, 16)} (same code and data → same digest)`)
// Size and memory do not depend on what else the machine runs; timings do, so they only report.
if (first.length >= TARGET.sizeBytes || rss >= TARGET.peakRssMb) process.exitCode = 1
