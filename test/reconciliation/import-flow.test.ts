// Statement imports through the API (issue 20): exports in the real layouts with matched,
// ambiguous, duplicate, refunded and outgoing rows; the proposal a treasurer expects; confirming
// records exactly the confirmed payments, once, however often the file comes back.
import { createHash } from 'node:crypto'
import t from 'tap'
import { seedWorld } from '../helpers/app.js'
import { expectStatus } from '../money/world.js'
import { addParent } from '../plans/helpers.js'
import { alipayCsv, type FixtureTx, GENERIC_MAPPING, genericCsv, icbcCsv, wechatXlsx } from './fixtures.js'
import { confirm, count, rowAt, SEPTEMBER, tx, upload, world, wx } from './import-world.js'

t.test('a WeChat Pay XLSX: the proposal a treasurer expects, confirmed into exactly the confirmed payments, and never twice', async (t) => {
  const { m, id } = await world(t)
  const file = await wechatXlsx(SEPTEMBER)
  const line = file.lineOf
  const proposed = await expectStatus(201, upload(m, file.bytes))
  t.match(proposed, { format: 'wechat-xlsx', channel: 'wechat', status: 'proposed', fileRows: 8, fileSha256: createHash('sha256').update(file.bytes).digest('hex') })
  t.match(proposed.counts, { incoming: 6, matched: 3, ambiguous: 1, unmatched: 1, alreadyRecorded: 1, skipped: 2 })
  t.match(rowAt(proposed, line.memo!), { status: 'matched', proposed: { enrollmentId: id.刘小明, student: { name: '刘小明' } }, amountFen: 30000, transactionNo: wx(1) })
  t.match(rowAt(proposed, line.nickname!), { status: 'matched', proposed: { enrollmentId: id.王小红 } }, 'the nickname names the given name')
  t.match(rowAt(proposed, line.guardian!), { status: 'matched', proposed: { enrollmentId: id.张伟 } })
  const ambiguous = rowAt(proposed, line['amount-only']!)
  t.equal(ambiguous.status, 'ambiguous', 'the amount alone fits every family')
  t.same(ambiguous.candidates.map((c) => c.enrollmentId).sort(), Object.values(id).sort())
  t.match(rowAt(proposed, line.duplicate!), { status: 'already-recorded', duplicateOf: line.memo })
  t.match(rowAt(proposed, line.unmatched!), { status: 'unmatched', candidates: [] })
  t.same(
    proposed.skipped,
    [
      { line: line.refunded, reason: 'refunded' },
      { line: line.outgoing, reason: 'outgoing' },
    ],
    'refunds and outgoing rows are left out with a reason',
  )
  // The treasurer's own spending is never stored: not its payee, not its amount.
  const stored =
    JSON.stringify(await m.ta.db.selectFrom('statement_import_payers').selectAll().execute()) + JSON.stringify(await m.ta.db.selectFrom('audit_events').selectAll().execute())
  t.notMatch(stored, /晨光文具店|美术用品|王强/, 'skipped rows leave only a line and a reason')
  t.equal(await count(m, 'statement_import_rows'), 6, 'only the incoming rows are kept')

  const again = await expectStatus(201, upload(m, file.bytes))
  t.equal(again.id, proposed.id, 'the same file before confirmation is the same import')
  t.equal(await count(m, 'statement_imports'), 1)

  // Wrong decisions are refused whole, naming the row.
  const refused = await confirm(m, proposed.id, {
    rows: [
      { line: ambiguous.line, decision: 'confirm' },
      { line: 9999, decision: 'skip' },
    ],
  })
  t.equal(refused.statusCode, 422)
  t.match(refused.json(), {
    code: 'import-decisions-invalid',
    errors: [
      { path: 'body.rows.0.enrollmentId', message: /say which family/ },
      { path: 'body.rows.1.line', message: /not an incoming row/ },
    ],
  })
  t.equal(await count(m, 'statement_import_decisions'), 0, 'nothing decided')
  t.equal(await count(m, 'payments'), 0)

  const done = await expectStatus(200, confirm(m, proposed.id, { rows: [{ line: ambiguous.line, decision: 'confirm', enrollmentId: id.陈思思 }] }))
  t.match(done, { status: 'confirmed', counts: { confirmed: 4, skippedByTreasurer: 1 } })
  t.match(rowAt(done, ambiguous.line), { decision: { decision: 'confirmed', corrected: true, family: { enrollmentId: id.陈思思 }, receiptNo: /^2026-\d{6}$/ } })
  t.match(rowAt(done, line.unmatched!), { decision: { decision: 'skipped' }, payer: null, memo: null }, 'a skipped row’s payer is forgotten')
  t.match(rowAt(done, line.duplicate!), { decision: { decision: 'already-recorded' } })
  const payments = await m.ta.db.selectFrom('payments').select(['enrollment_id', 'amount_fen', 'method', 'reference', 'paid_at', 'receipt_no']).orderBy('receipt_no').execute()
  t.same(
    payments.map((p) => [p.enrollment_id, p.amount_fen, p.method, p.reference]),
    [
      [id.刘小明, 30000, 'wechat', wx(1)],
      [id.王小红, 30000, 'wechat', wx(2)],
      [id.张伟, 30000, 'wechat', wx(3)],
      [id.陈思思, 30000, 'wechat', wx(4)],
    ],
    'exactly the confirmed payments, in file order, with their transaction numbers',
  )
  t.equal(payments[0]!.paid_at.toISOString(), '2026-09-02T11:20:11.000Z', 'paid when the export says')
  for (const f of m.families) {
    const account = await expectStatus(200, m.ta.as(f.token).get(`/api/v1/enrollments/${f.enrollmentId}/account`))
    t.match(account.balance, { owesFen: 0 }, `${f.name} owes nothing`)
  }
  t.same(await expectStatus(200, confirm(m, proposed.id)), done, 'confirming again answers the confirmed import')
  t.equal(await count(m, 'payments'), 4, 'and records nothing more')

  // The same file after confirmation: nothing new is proposed.
  const third = await expectStatus(201, upload(m, file.bytes))
  t.not(third.id, proposed.id)
  t.match(third.counts, { incoming: 6, matched: 0, ambiguous: 0, unmatched: 0, alreadyRecorded: 6 })
  t.match(rowAt(third, line.unmatched!), { status: 'decided-before' })
  await expectStatus(200, confirm(m, third.id))
  t.equal(await count(m, 'payments'), 4, 're-importing records nothing twice')

  // An overlapping October export: the old row is known, and 晴天 — confirmed for 陈思思 — is matched by that alone.
  await m.at('2026-10-05')
  const october = await wechatXlsx([
    SEPTEMBER[3]!,
    tx({ tag: 'alias', time: '2026-10-03 08:00:00', counterparty: '晴天', goods: '转账备注:微信转账', amount: '300.00', txNo: wx(10) }),
  ])
  const overlap = await expectStatus(201, upload(m, october.bytes))
  t.match(rowAt(overlap, october.lineOf['amount-only']!), { status: 'already-recorded' })
  t.match(rowAt(overlap, october.lineOf.alias!), { status: 'matched', proposed: { enrollmentId: id.陈思思 } }, 'a confirmed nickname is matched next time')
  await expectStatus(200, confirm(m, overlap.id))
  t.equal(await count(m, 'payments'), 5)
})

t.test('one row refused by recordPayment refuses the whole confirmation, naming the line; a hand-typed payment warns', async (t) => {
  const { m, id } = await world(t)
  // The treasurer typed in 王小红's transfer by hand, without its transaction number.
  await expectStatus(
    201,
    m.ta
      .as(m.w.tokens.treasurer)
      .post(`/api/v1/committees/${m.w.committeeId}/payments`, { enrollmentId: id.王小红, amountFen: 30000, method: 'wechat', paidAt: '2026-09-02T20:05:00+08:00' }),
  )
  const file = await wechatXlsx([
    SEPTEMBER[0]!,
    SEPTEMBER[1]!,
    tx({ tag: 'too-much', time: '2026-09-05 09:00:00', counterparty: '张伟家长', goods: '转账备注:张伟全年托管费', amount: '3000.00', txNo: wx(20) }),
  ])
  const proposed = await expectStatus(201, upload(m, file.bytes))
  t.match(rowAt(proposed, file.lineOf.nickname!), { status: 'matched', warning: /receipt 2026-000001 already records 300\.00 yuan/ })
  const twin = await confirm(m, proposed.id, { rows: [{ line: file.lineOf['too-much'], decision: 'skip' }] })
  t.equal(twin.statusCode, 409)
  t.match(twin.json(), {
    code: 'possible-duplicate',
    detail: new RegExp(`^Line ${file.lineOf.nickname}: `),
    errors: [{ path: `import.lines.${file.lineOf.nickname}.confirmDuplicate` }],
  })
  const tooMuch = await confirm(m, proposed.id, { rows: [{ line: file.lineOf.nickname, decision: 'skip' }] })
  t.equal(tooMuch.statusCode, 422)
  t.match(tooMuch.json(), { code: 'payment-exceeds-term', detail: new RegExp(`^Line ${file.lineOf['too-much']}: `) })
  t.equal(await count(m, 'payments'), 1, 'nothing of the import was recorded: not even the good row')
  t.equal(await count(m, 'statement_import_decisions'), 0)
  const done = await expectStatus(
    200,
    confirm(m, proposed.id, {
      rows: [
        { line: file.lineOf.nickname, decision: 'skip' },
        { line: file.lineOf['too-much'], decision: 'skip' },
      ],
    }),
  )
  t.match(done.counts, { confirmed: 1, skippedByTreasurer: 2 })
  t.equal(await count(m, 'payments'), 2)
})

t.test('Alipay GBK CSV, ICBC CSV and a generic bank CSV through the saved mapping', async (t) => {
  const { m, id } = await world(t)
  const ali = (n: number) => `202609032200140000000000${String(n).padStart(4, '0')}`
  const alipay = alipayCsv([
    tx({
      tag: 'memo',
      time: '2026-09-03 19:00:00',
      kind: '转账红包',
      counterparty: '刘建国',
      account: 'liu***@qq.com',
      goods: '刘小明托管费',
      amount: '300.00',
      method: '余额',
      status: '交易成功',
      txNo: ali(1),
    }),
    tx({ tag: 'refunded', time: '2026-09-03 19:10:00', kind: '收款', counterparty: '王强', goods: '托管费', amount: '300.00', method: '余额', status: '退款成功', txNo: ali(2) }),
    tx({ tag: 'closed', time: '2026-09-03 19:20:00', kind: '收款', counterparty: '陈刚', goods: '托管费', amount: '300.00', method: '', status: '交易关闭', txNo: ali(3) }),
    tx({
      tag: 'outgoing',
      time: '2026-09-03 20:00:00',
      direction: '支出',
      kind: '日用百货',
      counterparty: '超市',
      goods: '文具',
      amount: '20.00',
      method: '余额',
      status: '交易成功',
      txNo: ali(4),
    }),
  ])
  const a = await expectStatus(201, upload(m, alipay.bytes, '支付宝交易明细.csv'))
  t.match(a, { format: 'alipay-csv', channel: 'alipay', counts: { incoming: 1, matched: 1, skipped: 3 } })
  t.match(rowAt(a, alipay.lineOf.memo!), { status: 'matched', proposed: { enrollmentId: id.刘小明 } })
  await expectStatus(200, confirm(m, a.id))

  const bank = (tag: string, time: string, counterparty: string, account: string, goods: string, amount: string, direction: FixtureTx['direction'] = '收入') =>
    tx({ tag, time, kind: direction === '收入' ? '他行汇入' : '消费', direction, counterparty, account, goods, amount, method: '', status: '', txNo: '' })
  const icbc = icbcCsv([
    bank('guardian', '2026-09-04', '王小红家长', '6217****1234', '托管费', '300.00'),
    { ...bank('duplicate', '', '', '', '', '0'), sameRowAs: 'guardian' },
    bank('outgoing', '2026-09-04', '深圳市财付通支付科技有限公司', '', '', '1,234.56', '支出'),
  ])
  const b = await expectStatus(201, upload(m, icbc.bytes, 'icbc.csv'))
  t.match(b, { format: 'icbc-csv', channel: 'bank', counts: { incoming: 2, matched: 1, alreadyRecorded: 1, skipped: 1 } })
  t.match(rowAt(b, icbc.lineOf.guardian!), { status: 'matched', proposed: { enrollmentId: id.王小红 }, transactionNo: /^derived:/ })
  await expectStatus(200, confirm(m, b.id))
  const again = await expectStatus(201, upload(m, icbc.bytes, 'icbc-again.csv'))
  t.match(again.counts, { matched: 0, alreadyRecorded: 2 }, 'a bank row without a transaction number is still known by its content')

  const generic = genericCsv([
    tx({
      tag: 'memo',
      time: '2026-09-05 10:21:33',
      kind: '转账存入',
      counterparty: '陈思思家长',
      account: '6230****7777',
      goods: '陈思思九月托管费',
      amount: '300.00',
      status: '成功',
      txNo: 'RCB0001',
    }),
  ])
  const unknown = await upload(m, generic.bytes, 'bank.csv')
  t.equal(unknown.statusCode, 422)
  t.match(unknown.json(), { code: 'statement-unknown-format', errors: [{ path: 'body.file' }] }, 'an unknown bank needs its mapping first')
  const badMapping = await m.ta.as(m.w.tokens.treasurer).put(`/api/v1/committees/${m.w.committeeId}/import-mapping`, { date: '交易日期', credit: '贷方发生额' })
  t.match(badMapping.json(), { code: 'bad-mapping' }, 'credit without debit is refused')
  await expectStatus(200, m.ta.as(m.w.tokens.treasurer).put(`/api/v1/committees/${m.w.committeeId}/import-mapping`, GENERIC_MAPPING))
  t.match(await expectStatus(200, m.ta.as(m.w.tokens.chair).get(`/api/v1/committees/${m.w.committeeId}/import-mapping`)), { mapping: { date: '交易日期' } })
  const g = await expectStatus(201, upload(m, generic.bytes, 'bank.csv'))
  t.match(g, { format: 'generic-csv', channel: 'bank', counts: { matched: 1 } })
  await expectStatus(200, confirm(m, g.id))
  const methods = await m.ta.db.selectFrom('payments').select(['method', 'enrollment_id']).orderBy('receipt_no').execute()
  t.same(
    methods.map((p) => [p.method, p.enrollment_id]),
    [
      ['alipay', id.刘小明],
      ['bank', id.王小红],
      ['bank', id.陈思思],
    ],
  )
  const list = await expectStatus(200, m.ta.as(m.w.tokens.auditor).get(`/api/v1/committees/${m.w.committeeId}/imports`))
  t.equal(list.items.length, 4, 'the auditor sees every import (the refused upload left none)')
})

t.test('a malformed, truncated or wrong-encoding file gets a problem naming the line and writes nothing', async (t) => {
  const { m } = await world(t)
  const bad = alipayCsv([
    tx({ tag: 'bad', time: '2026-09-03 19:00:00', counterparty: '刘建国', goods: '托管费', amount: '3OO.00', method: '余额', status: '交易成功', txNo: '2026x1' }),
  ])
  const badAmount = await upload(m, bad.bytes, 'a.csv')
  t.equal(badAmount.statusCode, 422)
  t.match(badAmount.json(), { code: 'statement-bad-amount', detail: new RegExp(`line ${bad.lineOf.bad}`), errors: [{ path: `body.file.line.${bad.lineOf.bad}` }] })
  const xlsx = await wechatXlsx(SEPTEMBER)
  const truncated = await upload(m, xlsx.bytes.slice(0, Math.floor(xlsx.bytes.length / 2)))
  t.equal(truncated.statusCode, 422)
  t.match(truncated.json(), { code: /^statement-(damaged-xlsx|truncated)$/ })
  const latin1 = Buffer.from('交易时间,金额\n2026-09-01,300\n', 'latin1')
  const garbled = await upload(m, latin1, 'x.csv')
  t.equal(garbled.statusCode, 422)
  const empty = await upload(m, new Uint8Array(0), 'empty.csv')
  t.match(empty.json(), { code: 'statement-empty-file' })
  const none = await m.ta.as(m.w.tokens.treasurer).post(`/api/v1/committees/${m.w.committeeId}/imports`, {})
  t.match(none.json(), { status: 400, errors: [{ path: /^body\.files/ }] })
  t.equal(await count(m, 'statement_imports'), 0, 'nothing was written')
})

t.test('who may import and confirm: the collectors; the chair reads; families and other committees do not', async (t) => {
  const { m } = await world(t)
  const file = await wechatXlsx(SEPTEMBER)
  t.equal((await upload(m, file.bytes, 'x.xlsx', m.w.tokens.chair)).statusCode, 403, 'the chair does not take money in')
  const parent = await addParent(m.ta, m.w, 'another-parent')
  t.equal((await upload(m, file.bytes, 'x.xlsx', parent.token)).statusCode, 403)
  const other = await seedWorld(m.ta, 'other')
  t.equal((await upload(m, file.bytes, 'x.xlsx', other.tokens.treasurer)).statusCode, 404, "another committee's treasurer")
  const proposed = await expectStatus(201, upload(m, file.bytes))
  t.equal((await m.ta.as(m.families[0]!.token).get(`/api/v1/imports/${proposed.id}`)).statusCode, 403, 'a family does not see the import')
  t.equal((await confirm(m, proposed.id, {}, m.families[0]!.token)).statusCode, 403)
  t.equal((await m.ta.as(other.tokens.treasurer).get(`/api/v1/imports/${proposed.id}`)).statusCode, 404)
  t.equal((await confirm(m, proposed.id, {}, other.tokens.treasurer)).statusCode, 404)
  t.equal((await m.ta.as(other.tokens.treasurer).get(`/api/v1/committees/${m.w.committeeId}/imports`)).statusCode, 404)
  t.equal((await m.ta.as(m.w.tokens.chair).get(`/api/v1/imports/${proposed.id}`)).statusCode, 200, 'the chair reads it')
  t.equal((await confirm(m, proposed.id, {}, m.w.tokens.chair)).statusCode, 403, 'but does not confirm it')
  t.equal(await count(m, 'payments'), 0)
})
