import t from 'tap'
import { classKeyOf, classKeysIn } from '../../src/modules/reconciliation/class-key.js'
import { givenName } from '../../src/modules/reconciliation/find-names.js'
import { type Family, proposeMatches, type StatementRow } from '../../src/modules/reconciliation/index.js'
import { normalizeName } from '../../src/modules/reconciliation/normalize-text.js'

let n = 0
const row = (over: Partial<StatementRow>): StatementRow => ({
  line: ++n,
  occurredAt: '2025-09-01T10:00:00+08:00',
  direction: 'in',
  status: 'success',
  statusText: '已收钱',
  amountFen: 30000,
  counterparty: '某人',
  memo: '',
  method: '零钱',
  transactionNo: `tx-${n}`,
  channel: 'wechat',
  ...over,
})
const fam = (enrollmentId: string, studentName: string, className: string, guardianName: string, owedFen = 30000): Family => ({
  enrollmentId,
  studentName,
  className,
  guardianName,
  owedFen,
})
const one = (r: StatementRow, families: Family[], aliases: Parameters<typeof proposeMatches>[2]['aliases'] = []) => proposeMatches([r], families, { aliases, recorded: [] })[0]!

t.test('names: substrings, surnames, given names', async (t) => {
  const families = [
    fam('wx', '王小', '一(1)班', '王强'),
    fam('wxm', '王小明', '二(3)班', '李娜', 27550),
    fam('lxm', '刘小明', '三(2)班', '刘建国'),
    fam('lxh', '刘小红', '三(2)班', '陈芳'),
  ]
  t.match(one(row({ memo: '王小托管费' }), families), { status: 'matched', enrollmentId: 'wx' }, 'the shorter name on its own')
  t.match(one(row({ memo: '王小明托管费', amountFen: 27550 }), families), { status: 'matched', enrollmentId: 'wxm' }, 'the longer name is not also the shorter')
  t.match(one(row({ memo: '刘 托管费', amountFen: 12345 }), families), { status: 'unmatched' }, 'a surname alone names nobody')
  t.match(one(row({ memo: '小明九月', amountFen: 12345 }), families), { status: 'ambiguous', candidates: ['wxm', 'lxm'] }, 'a shared given name')
  t.match(one(row({ memo: '三（２）班 小明', amountFen: 12345 }), families), { status: 'matched', enrollmentId: 'lxm' }, 'a class tells the given name apart')
  t.match(one(row({ counterparty: '小红妈妈' }), families), { status: 'matched', enrollmentId: 'lxh' }, 'a nickname naming the child')
  t.equal(givenName('欧阳娜娜'), '娜娜')
  t.equal(givenName('李明'), null, 'one-character given names are too common to count')
  t.equal(normalizeName(' Ｌｉｌｙ · 王 '), 'lily王')
})

t.test('payer and student evidence must agree', async (t) => {
  // One guardian, two children enrolled separately.
  const families = [fam('a', '周一鸣', '三(1)班', '周强'), fam('b', '周二鸣', '一(2)班', '周强', 15000), fam('c', '吴桐', '三(1)班', '吴军')]
  t.match(one(row({ counterparty: '周强', memo: '一鸣托管费' }), families), { status: 'matched', enrollmentId: 'a' }, 'the memo picks the child of that guardian')
  t.match(one(row({ counterparty: '周强', amountFen: 15000 }), families), { status: 'matched', enrollmentId: 'b', candidates: ['b', 'a'] }, 'or the amount owed does')
  t.match(one(row({ counterparty: '周强', amountFen: 45000 }), families), { status: 'ambiguous', candidates: ['a', 'b'] }, 'paying for both is for the treasurer to split')
  t.match(one(row({ counterparty: '周强', memo: '吴桐' }), families), {
    status: 'ambiguous',
    candidates: ['a', 'b', 'c'],
    reasons: ['the payer and the names in the row point at different families'],
  })
  t.match(
    one(row({ counterparty: '老吴', amountFen: 12345 }), families, [{ enrollmentId: 'c', channel: 'alipay', payerName: '老吴' }]),
    { status: 'unmatched' },
    'an alias is for its own channel only',
  )
  t.match(one(row({ counterparty: '老吴', channel: 'alipay' }), families, [{ enrollmentId: 'c', channel: 'alipay', payerName: '老吴' }]), { status: 'matched', enrollmentId: 'c' })
  t.match(
    one(row({ counterparty: 'x', counterpartyAccount: '138 0000 1111', channel: 'alipay' }), families, [{ enrollmentId: 'c', channel: 'alipay', payerAccount: '13800001111' }]),
    { status: 'matched', enrollmentId: 'c' },
    'accounts compare without spaces',
  )
})

t.test('amounts: never matched on an amount several families owe', async (t) => {
  const families = [
    fam('a', '甲一', '一(1)班', '甲', 30000),
    fam('b', '乙二', '一(1)班', '乙', 30000),
    fam('c', '丙三', '一(1)班', '丙', 25000),
    fam('d', '丁四', '一(1)班', '丁', 0),
  ]
  t.match(one(row({ amountFen: 30000 }), families), { status: 'ambiguous', candidates: ['a', 'b'] })
  t.match(one(row({ amountFen: 25000 }), families), { status: 'matched', enrollmentId: 'c' })
  t.match(one(row({ amountFen: 0 + 1 }), families), { status: 'unmatched' })
  t.match(one(row({ memo: '丁四' }), families), { status: 'matched', enrollmentId: 'd', reasons: ['memo names 丁四', 'the family owes nothing at the moment'] })
  t.match(one(row({ memo: '甲一', amountFen: 10000 }), families), { reasons: ['memo names 甲一', 'amount 100.00 differs from what the family owes (300.00)'] })
})

t.test('recorded and repeated transactions are never proposed', async (t) => {
  const families = [fam('a', '甲一', '一(1)班', '甲')]
  const first = row({ memo: '甲一', transactionNo: ' 42000 ' })
  const again = row({ memo: '甲一', transactionNo: '42000' })
  const other = row({ memo: '甲一', transactionNo: '42000', amountFen: 100 })
  const [p1, p2, p3] = proposeMatches([first, again, other], families, { aliases: [], recorded: [] })
  t.match(p1, { status: 'matched' })
  t.match(p2, { status: 'already-recorded', duplicateOf: first.line, reasons: [`same transaction as line ${first.line}`] })
  t.match(p3, { status: 'already-recorded', duplicateOf: first.line, reasons: [/another amount: check the file/] })
  const [r] = proposeMatches([first], families, { aliases: [], recorded: [{ channel: 'wechat', transactionNo: '42000' }] })
  t.match(r, { status: 'already-recorded', candidates: [] })
  const [b] = proposeMatches([{ ...first, channel: 'bank' }], families, { aliases: [], recorded: [{ channel: 'wechat', transactionNo: '42000' }] })
  t.match(b, { status: 'matched' }, 'the same number on another channel is another transaction')
  t.throws(() => proposeMatches([row({ direction: 'out' })], families, { aliases: [], recorded: [] }), TypeError, 'only incoming rows')
})

t.test('class names as parents and rosters write them', async (t) => {
  t.same(classKeysIn(normalizeName('三年级（2）班刘小明')), ['3-2'])
  t.same(classKeysIn(normalizeName('302班 王五')), ['3-2'])
  t.same(classKeysIn(normalizeName('3年级12班')), ['3-12'])
  t.same(classKeysIn(normalizeName('六(十一)班')), ['6-11'])
  t.equal(classKeyOf(normalizeName('五（2）班')), '5-2')
  t.equal(classKeyOf(normalizeName('三(2)')), '3-2')
  t.equal(classKeyOf('兴趣班'), null)
})
