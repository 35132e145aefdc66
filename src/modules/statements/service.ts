// The statements area: the committee's monthly statements (and, later, its settlements), one
// hash chain per committee, public without names.
import { INSIDERS } from '../../access.js'
import type { Ctx } from '../../context.js'
import type { Db } from '../../db/index.js'
import { NotFound } from '../../errors.js'
import { formatYuan } from '../../money.js'
import { renderSettlementStatement } from '../../pdf/settlement-statement.js'
import { renderStatement } from '../../pdf/statement.js'
import { getPublicCommittee, loadCommittee } from '../schools/service.js'
import type { FundStatement } from './compute-month.js'
import * as repo from './repository.js'
import { verifyChain } from './verify.js'
import { statementOut } from './views.js'

export { ALGORITHM } from './chain.js'
export type { FundStatement } from './compute-month.js'
export { appendStatement, publishStatement } from './publish-statement.js'

export async function listStatements(db: Db, ctx: Ctx, committeeId: string) {
  await loadCommittee(db, ctx, committeeId, { allowed: [...INSIDERS, 'parent', 'school-finance'], action: 'see the statements' })
  return { items: (await repo.statementListOf(db, committeeId)).map(statementOut) }
}

/** What anyone may read: the list of a committee's published statements (with their content, for the public page). */
export async function listPublicStatements(db: Db, slug: string, opts: { withContent?: boolean } = {}) {
  const c = await getPublicCommittee(db, slug)
  const rows = opts.withContent ? await repo.statementsOf(db, c.id) : await repo.statementListOf(db, c.id)
  return { committee: { name: c.name, slug: c.slug, school: c.school_name }, items: rows.map(statementOut) }
}

export async function getPublicStatementRow(db: Db, slug: string, period: string) {
  const c = await getPublicCommittee(db, slug)
  const row = await repo.statementOf(db, c.id, period)
  if (!row) throw new NotFound('statement', `${c.name} has published no statement for ${period}`)
  return row
}

/** The published statement as served and hashed: `statement` is its canonical JSON. */
export function publicJson(row: Awaited<ReturnType<typeof getPublicStatementRow>>): string {
  return `{"seq":${row.seq},"kind":${JSON.stringify(row.kind)},"period":${JSON.stringify(row.period)},"previousHash":${JSON.stringify(row.previous_hash)},"hash":${JSON.stringify(row.hash)},"statement":${row.canonical}}`
}

export async function verifyPublicStatements(db: Db, slug: string) {
  const c = await getPublicCommittee(db, slug)
  return { committee: { name: c.name, slug: c.slug }, ...(await verifyChain(db, c.id)) }
}

interface MonthContent {
  kind: 'month'
  school: { name: string }
  committee: { name: string; slug: string }
  month: string
  publishedAt: string
  funds: FundStatement[]
}

interface SettlementContent {
  kind: 'settlement'
  school: { name: string }
  committee: { name: string }
  plan: { title: string }
  term: { name: string; startsOn: string; endsOn: string }
  settledOn: string
  totals: {
    chargedFen: number
    waiversFen: number
    leaveCreditsFen: number
    writeOffsFen: number
    paymentsFen: number
    paidFamilies: number
    subsidyFen: number
    expensesFen: number
  }
  budget: { category: string; budgetFen: number; spentFen: number }[]
  surplusFen: number
  carryOver: { amountFen: number; reason: string } | null
  refunds: { families: number; sharedFen: number; heldCreditFen: number }
  deficit: { amountFen: number; coveredBy: string } | null
  enrolledFamilies: number
}

function settlementCsvRows(s: SettlementContent) {
  const t = s.totals
  const rows: (string | number)[][] = [
    ['应收托管费', formatYuan(t.chargedFen)],
    ['建档立卡减免', formatYuan(t.waiversFen)],
    ['请假退费', formatYuan(t.leaveCreditsFen)],
    ['核销欠费', formatYuan(t.writeOffsFen)],
    [`实收托管费（${t.paidFamilies} 户）`, formatYuan(t.paymentsFen)],
    ['财政补贴', formatYuan(t.subsidyFen)],
    ['支出', formatYuan(t.expensesFen)],
    ...s.budget.map((b) => [`支出：${b.category}（预算 ${formatYuan(b.budgetFen)}）`, formatYuan(b.spentFen)]),
    [s.surplusFen >= 0 ? '结余' : '亏损', formatYuan(Math.abs(s.surplusFen))],
    ...(s.carryOver ? [[`结转（${s.carryOver.reason}）`, formatYuan(s.carryOver.amountFen)]] : []),
    [`结余分摊退还（${s.refunds.families} 户）`, formatYuan(s.refunds.sharedFen)],
    ['家庭余额退还', formatYuan(s.refunds.heldCreditFen)],
    ...(s.deficit ? [[`亏损弥补：${s.deficit.coveredBy}`, formatYuan(s.deficit.amountFen)]] : []),
  ]
  return { header: ['项目', '金额（元）'], rows }
}

/** The statement as a CSV for Excel and WPS: one row per figure, per fund. */
export function statementCsvRows(row: Awaited<ReturnType<typeof getPublicStatementRow>>) {
  if (row.kind === 'settlement') return settlementCsvRows(JSON.parse(row.canonical) as SettlementContent)
  const s = JSON.parse(row.canonical) as MonthContent
  const header = ['方案', '项目', '日期', '类别', '收付款方', '户数/票据', '金额（元）']
  const rows: (string | number)[][] = []
  for (const f of s.funds ?? []) {
    const plan = f.plan.title
    rows.push([plan, '期初现金', '', '', '', '', formatYuan(f.openingFen)])
    rows.push([plan, '收取托管费', '', '', '', f.fees.families, formatYuan(f.fees.amountFen)])
    rows.push([plan, '财政补贴', '', '', '', '', formatYuan(f.subsidyFen)])
    for (const e of f.expenses) rows.push([plan, '支出', e.spentOn, e.category, e.payee.kind === 'person' ? e.payee.role : e.payee.name, e.receipts, formatYuan(-e.amountFen)])
    rows.push([plan, '退费', '', '', '', f.refunds.families, formatYuan(-f.refunds.amountFen)])
    for (const a of f.adjustments)
      rows.push([plan, `调整（原日期 ${a.originalDate}）`, a.originalDate, a.kind === 'expense' ? a.category : a.kind, '', '', formatYuan(a.amountFen)])
    rows.push([plan, '期末现金', '', '', '', '', formatYuan(f.closingFen)])
    rows.push([plan, '本月应收', '', '', '', f.charges.families, formatYuan(f.charges.amountFen)])
    rows.push([plan, '建档立卡减免', '', '', '', f.waivers.families, formatYuan(f.waivers.amountFen)])
    rows.push([plan, '请假退费', '', '', '', f.leaveCredits.families, formatYuan(f.leaveCredits.amountFen)])
    // Statements published before withdrawal corrections existed have no such figure.
    const corrections = (f as Partial<FundStatement>).withdrawalCorrections
    if (corrections) {
      rows.push([plan, '退托冲减', '', '', '', corrections.families, formatYuan(corrections.amountFen)])
      rows.push([plan, '其中冲回减免', '', '', '', '', formatYuan(corrections.waivedFen)])
    }
    rows.push([plan, '在托户数', '', '', '', f.enrolledFamilies, ''])
  }
  return { header, rows }
}

/** The statement as a PDF, the same bytes every time (its creation date is its publication). */
export async function statementPdf(row: Awaited<ReturnType<typeof getPublicStatementRow>>, baseUrl: string) {
  if (row.kind === 'settlement') {
    const s = JSON.parse(row.canonical) as SettlementContent & { committee: { slug?: string } }
    const slug = (JSON.parse(row.canonical) as { committee: { slug?: string } }).committee.slug ?? ''
    return renderSettlementStatement(
      {
        school: s.school,
        committee: { name: s.committee.name },
        plan: s.plan,
        term: s.term,
        settledAt: s.settledOn,
        totals: s.totals,
        budget: s.budget,
        carryOver: s.carryOver,
        refunds: s.refunds,
        deficit: s.deficit ? { coveredBy: s.deficit.coveredBy } : null,
        enrolledFamilies: s.enrolledFamilies,
        hash: row.hash,
        previousHash: row.previous_hash,
        jsonUrl: `${baseUrl}/p/${slug}/statements/${row.period}.json`,
        verifyUrl: `${baseUrl}/p/${slug}/statements/verify`,
      },
      { creationDate: row.published_at },
    )
  }
  const s = JSON.parse(row.canonical) as MonthContent
  return renderStatement(
    {
      school: s.school,
      committee: { name: s.committee.name },
      month: s.month,
      publishedAt: s.publishedAt,
      funds: s.funds.map((f) => ({ ...f, term: { name: f.term.name } })),
      hash: row.hash,
      previousHash: row.previous_hash,
      jsonUrl: `${baseUrl}/p/${s.committee.slug}/statements/${row.period}.json`,
      verifyUrl: `${baseUrl}/p/${s.committee.slug}/statements/verify`,
    },
    { creationDate: row.published_at },
  )
}
