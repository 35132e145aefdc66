// The public ledger on the committee's page: each published month, income against expense as an
// inline SVG chart, the budget lines with what is spent and left, and the downloads. Built only
// from the published statements, which hold no name, phone or low-income status of any family.
import { formatYuan } from '../../money.js'
import type { FundStatement } from '../statements/service.js'
import { esc } from './html.js'

interface Published {
  seq: number
  kind: 'month' | 'settlement'
  period: string
  hash: string
  statement?: Record<string, unknown>
}

const yuan = (fen: number) => formatYuan(fen)

function monthTotals(funds: FundStatement[]) {
  let income = 0
  let outgo = 0
  for (const f of funds) {
    income += f.fees.amountFen + f.subsidyFen
    outgo += f.expenses.reduce((s, e) => s + e.amountFen, 0) + f.refunds.amountFen
    for (const a of f.adjustments)
      if (a.amountFen >= 0) income += a.amountFen
      else outgo -= a.amountFen
  }
  return { income, outgo }
}

function chart(months: { period: string; income: number; outgo: number }[]): string {
  if (months.length === 0) return ''
  const max = Math.max(1, ...months.flatMap((m) => [m.income, m.outgo]))
  const slot = 64
  const width = Math.max(320, months.length * slot + 40)
  const height = 180
  const bar = (v: number) => Math.round((v / max) * 120)
  const bars = months
    .map((m, i) => {
      const x = 30 + i * slot
      const hi = bar(m.income)
      const ho = bar(m.outgo)
      return `<g><rect x="${x}" y="${140 - hi}" width="22" height="${hi}" fill="#15803d"><title>${esc(m.period)} 收入 ${yuan(m.income)} 元</title></rect>
<rect x="${x + 24}" y="${140 - ho}" width="22" height="${ho}" fill="#b91c1c"><title>${esc(m.period)} 支出 ${yuan(m.outgo)} 元</title></rect>
<text x="${x + 23}" y="158" font-size="12" text-anchor="middle" fill="#374151">${esc(Number(m.period.slice(5)))}月</text></g>`
    })
    .join('')
  const label = months.map((m) => `${m.period} 收入 ${yuan(m.income)} 元、支出 ${yuan(m.outgo)} 元`).join('；')
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${esc(`每月收支：${label}`)}" style="max-width:100%;height:auto">
<line x1="24" y1="140" x2="${width - 8}" y2="140" stroke="#9ca3af"/>${bars}
<rect x="30" y="166" width="10" height="10" fill="#15803d"/><text x="44" y="175" font-size="12" fill="#374151">收入</text>
<rect x="90" y="166" width="10" height="10" fill="#b91c1c"/><text x="104" y="175" font-size="12" fill="#374151">支出</text>
</svg>`
}

function budgetTable(fund: FundStatement): string {
  const rows = fund.budget
    .map((b) => `<tr><td>${esc(b.category)}</td><td class="num">${yuan(b.budgetFen)}</td><td class="num">${yuan(b.spentFen)}</td><td class="num">${yuan(b.leftFen)}</td></tr>`)
    .join('')
  return `<table><caption>${esc(fund.plan.title)} · 预算执行（截至最近一期公示）</caption><thead><tr><th scope="col">预算科目</th><th scope="col" class="num">预算</th><th scope="col" class="num">已支出</th><th scope="col" class="num">剩余</th></tr></thead><tbody>${rows}</tbody></table>`
}

interface SettlementSummary {
  term?: { name?: string }
  surplusFen?: number
  refunds?: { families: number; sharedFen: number; heldCreditFen: number }
  deficit?: { amountFen: number } | null
}

function settlementTitle(statement: Published['statement']): string {
  const term = (statement as SettlementSummary | undefined)?.term?.name
  return term ? `${term}结算` : '学期结算'
}

/** A settlement in the list says what a parent looks for: the surplus and what went back to families. */
function settlementFigures(statement: Published['statement']): string {
  const s = statement as SettlementSummary | undefined
  if (!s?.refunds) return ''
  const back = `退还 ${s.refunds.families} 户 ${yuan(s.refunds.sharedFen + s.refunds.heldCreditFen)} 元`
  return s.deficit ? `亏损 ${yuan(s.deficit.amountFen)} 元 · ${back}` : `结余 ${yuan(s.surplusFen ?? 0)} 元 · ${back}`
}

export function statementsSection(slug: string, published: Published[], algorithm: string[]): string {
  const months = published.filter((p) => p.kind === 'month' && p.statement)
  if (published.length === 0) return '<section><h2>收支公示</h2><p class="muted">尚无已公示的月份。每月公示后将在此列出，并可下载 CSV 与 PDF。</p></section>'
  const figures = months.map((p) => ({ period: p.period, ...monthTotals((p.statement!.funds as FundStatement[]) ?? []) }))
  const latest = months.at(-1)?.statement?.funds as FundStatement[] | undefined
  const list = [...published]
    .reverse()
    .map((p) => {
      const base = `/p/${encodeURIComponent(slug)}/statements/${encodeURIComponent(p.period)}`
      const f = figures.find((x) => x.period === p.period)
      const title = p.kind === 'month' ? `${p.period.slice(0, 4)}年${Number(p.period.slice(5))}月` : settlementTitle(p.statement)
      const money = f ? `收入 ${yuan(f.income)} 元 · 支出 ${yuan(f.outgo)} 元` : p.kind === 'settlement' ? settlementFigures(p.statement) : ''
      return `<li><strong>${esc(title)}</strong> ${esc(money)}<br><a href="${base}.pdf">PDF</a> · <a href="${base}.csv">CSV</a> · <a href="${base}.json">JSON</a> <span class="muted hash">摘要 ${esc(p.hash.slice(0, 16))}…</span></li>`
    })
    .join('')
  return `<section><h2>收支公示</h2>
${chart(figures)}
<ul class="statements">${list}</ul>
${latest ? latest.map(budgetTable).join('') : ''}
<details><summary>如何核对公示未被改动</summary><ol>${algorithm.map((a) => `<li>${esc(a)}</li>`).join('')}</ol><p><a href="/p/${encodeURIComponent(slug)}/statements/verify">在线核对整条摘要链</a></p></details>
</section>`
}
