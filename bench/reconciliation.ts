/**
 * Statement reconciliation benchmark (issue 20): `npx tsx bench/reconciliation.ts`.
 * A 5,000-row month (half family payments naming a student, a tenth alias payers, a tenth
 * amount-only, a fifth the treasurer's own spending) against a school of 1,200 families, as a
 * WeChat XLSX, an Alipay GBK CSV and an ICBC CSV. Each is parsed, filtered and proposed; the
 * target is < 2 s per file. Baseline in the same run: exceljs loading the same XLSX and nothing
 * else, the floor any XLSX import pays.
 * Env: BENCH_RECON_ROWS (default 5000), BENCH_RECON_FAMILIES (1200), BENCH_RECON_RUNS (5).
 */

import { cpus, loadavg } from 'node:os'
import ExcelJS from 'exceljs'
import { parseStatement, proposeMatches, selectIncoming } from '../src/modules/reconciliation/index.js'
import { alipayCsv, busyMonth, icbcCsv, wechatXlsx } from '../test/reconciliation/fixtures.js'

const ROWS = Number(process.env.BENCH_RECON_ROWS ?? 5000)
const FAMILIES = Number(process.env.BENCH_RECON_FAMILIES ?? 1200)
const RUNS = Number(process.env.BENCH_RECON_RUNS ?? 5)
const TARGET_MS = 2000

const month = busyMonth(ROWS, FAMILIES)
const bankTxs = month.txs.map((t) => ({ ...t, time: t.time.slice(0, 10), account: `6222****${t.tag.slice(1).padStart(4, '0')}` }))
const files = [
  { name: 'WeChat XLSX', bytes: (await wechatXlsx(month.txs)).bytes },
  { name: 'Alipay GBK CSV', bytes: alipayCsv(month.txs).bytes },
  { name: 'ICBC CSV', bytes: icbcCsv(bankTxs).bytes },
]

console.log(
  `node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
console.log(`${ROWS} rows, ${FAMILIES} families, ${RUNS} warm runs per file; target < ${TARGET_MS} ms per file\n`)

async function once(bytes: Uint8Array) {
  const t0 = performance.now()
  const parsed = await parseStatement(bytes)
  const t1 = performance.now()
  const { incoming, skipped } = selectIncoming(parsed.rows)
  const proposals = proposeMatches(incoming, month.families, month.known)
  const t2 = performance.now()
  return { parseMs: t1 - t0, proposeMs: t2 - t1, totalMs: t2 - t0, rows: parsed.rows.length, skipped: skipped.length, proposals }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
let failed = false
for (const file of files) {
  const cold = await once(file.bytes)
  const warm: Awaited<ReturnType<typeof once>>[] = []
  for (let i = 0; i < RUNS; i++) warm.push(await once(file.bytes))
  const total = median(warm.map((w) => w.totalMs))
  const tally: Record<string, number> = {}
  for (const p of cold.proposals) tally[p.status] = (tally[p.status] ?? 0) + 1
  const counts = Object.entries(tally)
  const verdict = cold.totalMs < TARGET_MS ? 'PASS' : 'FAIL'
  if (cold.totalMs >= TARGET_MS) failed = true
  console.log(`${file.name} (${(file.bytes.length / 1024).toFixed(0)} KB, ${cold.rows} rows; ${counts.map(([k, v]) => `${v} ${k}`).join(', ')}, ${cold.skipped} skipped)`)
  console.log(
    `  first run  ${cold.totalMs.toFixed(0)} ms (parse ${cold.parseMs.toFixed(0)}, propose ${cold.proposeMs.toFixed(0)}) = ${(cold.totalMs / TARGET_MS).toFixed(2)} × 2 s — ${verdict}`,
  )
  console.log(
    `  warm p50   ${total.toFixed(0)} ms (parse ${median(warm.map((w) => w.parseMs)).toFixed(0)}, propose ${median(warm.map((w) => w.proposeMs)).toFixed(0)}) = ${(total / TARGET_MS).toFixed(2)} × 2 s`,
  )
}

const xlsx = files[0]!.bytes
const loads: number[] = []
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now()
  await new ExcelJS.Workbook().xlsx.load(Buffer.from(xlsx) as unknown as ArrayBuffer)
  loads.push(performance.now() - t0)
}
console.log(`\nbaseline: exceljs load of the same XLSX alone, p50 ${median(loads).toFixed(0)} ms`)
process.exit(failed ? 1 : 0)
