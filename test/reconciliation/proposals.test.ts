import t from 'tap'
import {
  aliasFromConfirmation,
  type ColumnMapping,
  type KnownPayments,
  type Proposal,
  parseStatement,
  proposeMatches,
  type SkippedRow,
  type StatementRow,
  selectIncoming,
} from '../../src/modules/reconciliation/index.js'
import * as fx from './fixtures.js'

interface Case {
  name: string
  build: () => Promise<fx.Fixture> | fx.Fixture
  txs: fx.FixtureTx[]
  expected: Record<string, fx.Expectation>
  mapping?: ColumnMapping
}

const CASES: Case[] = [
  { name: 'WeChat XLSX', build: () => fx.wechatXlsx(fx.WECHAT_TXS), txs: fx.WECHAT_TXS, expected: fx.WECHAT_EXPECTED },
  { name: 'WeChat CSV', build: () => fx.wechatCsv(fx.WECHAT_TXS), txs: fx.WECHAT_TXS, expected: fx.WECHAT_EXPECTED },
  { name: 'Alipay GBK CSV', build: () => fx.alipayCsv(fx.ALIPAY_TXS), txs: fx.ALIPAY_TXS, expected: fx.ALIPAY_EXPECTED },
  { name: 'ICBC CSV', build: () => fx.icbcCsv(fx.BANK_TXS), txs: fx.BANK_TXS, expected: fx.BANK_EXPECTED },
  { name: 'generic CSV', build: () => fx.genericCsv(fx.GENERIC_TXS), txs: fx.GENERIC_TXS, expected: fx.GENERIC_EXPECTED, mapping: fx.GENERIC_MAPPING },
]

async function run(c: Case, known: KnownPayments = fx.KNOWN) {
  const file = await c.build()
  const parsed = await parseStatement(file.bytes, c.mapping ? { mapping: c.mapping } : {})
  const { incoming, skipped } = selectIncoming(parsed.rows)
  return { file, parsed, incoming, skipped, proposals: proposeMatches(incoming, fx.FAMILIES, known) }
}

for (const c of CASES) {
  t.test(`${c.name}: the proposal is what the treasurer expects, row by row`, async (t) => {
    const { file, proposals, skipped } = await run(c)
    const byLine = new Map<number, Proposal | SkippedRow>([...proposals, ...skipped].map((p) => [p.line, p]))
    t.equal(byLine.size, c.txs.length, 'every row is either proposed or skipped, once')
    for (const [tag, want] of Object.entries(c.expected)) {
      const got = byLine.get(file.lineOf[tag]!)
      if ('skipped' in want) {
        t.same(got, { line: file.lineOf[tag], reason: want.skipped }, `${tag}: skipped, ${want.skipped}`)
        continue
      }
      const p = got as Proposal
      t.equal(p?.status, want.status, `${tag}: ${want.status}`)
      if (want.status === 'already-recorded') {
        t.equal(p.enrollmentId, undefined, `${tag}: never proposed`)
        t.equal(p.duplicateOf, want.duplicateOf ? file.lineOf[want.duplicateOf] : undefined, `${tag}: duplicate of`)
        continue
      }
      t.equal(p.enrollmentId, want.enrollmentId, `${tag}: family`)
      if (want.candidates) t.same(p.candidates, want.candidates, `${tag}: candidates`)
      if (want.status === 'matched') t.equal(p.candidates[0], want.enrollmentId, `${tag}: the match leads the candidates`)
      t.ok(p.reasons.length > 0, `${tag}: says why`)
    }
  })

  t.test(`${c.name}: outgoing rows leave nothing but their line`, async (t) => {
    const { file, parsed, proposals, skipped } = await run(c)
    const out = c.txs.filter((tx) => tx.direction === '支出')
    t.ok(out.length > 0)
    const output = JSON.stringify({ proposals, skipped })
    for (const tx of out) {
      const line = file.lineOf[tx.tag]!
      t.same(
        skipped.find((s) => s.line === line),
        { line, reason: 'outgoing' },
      )
      t.notOk(proposals.some((p) => p.line === line))
      const row = parsed.rows.find((r) => r.line === line)!
      for (const secret of [tx.counterparty, tx.goods, row.transactionNo, tx.amount, tx.amount.replaceAll(',', '')]) {
        if (secret) t.notOk(output.includes(secret), `${tx.tag}: "${secret}" appears nowhere`)
      }
    }
    t.ok(
      skipped.every((s) => Object.keys(s).sort().join() === 'line,reason'),
      'a skipped row is a line and a reason, nothing more',
    )
  })

  t.test(`${c.name}: once the proposal is recorded, proposing again proposes nothing new`, async (t) => {
    const first = await run(c)
    const byLine = new Map(first.incoming.map((r) => [r.line, r]))
    const recorded = first.proposals
      .filter((p) => p.status === 'matched' || p.status === 'ambiguous')
      .map((p) => ({ channel: byLine.get(p.line)!.channel, transactionNo: byLine.get(p.line)!.transactionNo }))
    const known = { aliases: fx.KNOWN.aliases, recorded: [...fx.KNOWN.recorded, ...recorded] }
    const again = await run(c, known)
    t.same(
      again.proposals.filter((p) => p.status === 'matched' || p.status === 'ambiguous'),
      [],
      'nothing to confirm twice',
    )
    const stillOpen = again.proposals.filter((p) => p.status === 'unmatched').map((p) => p.line)
    t.same(
      stillOpen,
      first.proposals.filter((p) => p.status === 'unmatched').map((p) => p.line),
      'only what was left open stays open',
    )
    t.ok(again.proposals.filter((p) => p.status === 'already-recorded').length >= recorded.length)
  })
}

t.test('a confirmation teaches the matcher the payer for next time', async (t) => {
  const { incoming, proposals } = await run(CASES[0]!)
  const lily = incoming.find((r) => r.counterparty === 'Lily')!
  t.equal(proposals.find((p) => p.line === lily.line)!.status, 'ambiguous', 'amount alone: ambiguous at first')
  const alias = aliasFromConfirmation(lily, 'e-wang-xiao')!
  t.same(alias, { enrollmentId: 'e-wang-xiao', channel: 'wechat', payerName: 'Lily' })
  const next: StatementRow = { ...lily, line: 99, transactionNo: 'next-month-1', occurredAt: '2025-10-02T09:00:00+08:00' }
  const [p] = proposeMatches([next], fx.FAMILIES, { aliases: [...fx.KNOWN.aliases, alias], recorded: [] })
  t.match(p, { status: 'matched', enrollmentId: 'e-wang-xiao', reasons: ['payer Lily confirmed for this family before', 'amount equals what the family owes (300.00)'] })
  t.equal(aliasFromConfirmation({ ...lily, counterparty: '', counterpartyAccount: undefined }, 'e-wang-xiao'), null, 'an anonymous row teaches nothing')
})
