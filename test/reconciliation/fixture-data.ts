/**
 * The families of one school's after-school plan and a month of each channel's export, written
 * as a treasurer would meet them: each transaction has a tag, and `expected` says what the
 * treasurer expects the proposal (or the skip) to be. fixtures.ts renders them into the real
 * file layouts.
 */
import type { Family, KnownPayments, ProposalStatus, SkipReason } from '../../src/modules/reconciliation/index.js'

export const FAMILIES: Family[] = [
  { enrollmentId: 'e-liu-xiaoming', studentName: '刘小明', className: '三(2)班', guardianName: '刘建国', owedFen: 30000 },
  { enrollmentId: 'e-liu-xiaohong', studentName: '刘小红', className: '三(2)班', guardianName: '陈芳', owedFen: 30000 },
  { enrollmentId: 'e-wang-xiao', studentName: '王小', className: '一(1)班', guardianName: '王强', owedFen: 30000 },
  { enrollmentId: 'e-wang-xiaoming', studentName: '王小明', className: '二(3)班', guardianName: '李娜', owedFen: 27550 },
  { enrollmentId: 'e-zhang-wei-4', studentName: '张伟', className: '四(1)班', guardianName: '张大山', owedFen: 30000 },
  // The roster itself is typed inconsistently: a space in the name, full-width brackets.
  { enrollmentId: 'e-zhang-wei-5', studentName: '张 伟', className: '五（2）班', guardianName: '赵敏', owedFen: 30000 },
  { enrollmentId: 'e-chen-sisi', studentName: '陈思思', className: '三(1)班', guardianName: '陈刚', owedFen: 12000 },
  { enrollmentId: 'e-ouyang-nana', studentName: '欧阳娜娜', className: '六(1)班', guardianName: '欧阳修', owedFen: 30000 },
]

export const KNOWN: KnownPayments = {
  aliases: [
    { enrollmentId: 'e-zhang-wei-4', channel: 'wechat', payerName: '大山' },
    { enrollmentId: 'e-chen-sisi', channel: 'alipay', payerAccount: 'chen***@163.com' },
    { enrollmentId: 'e-ouyang-nana', channel: 'bank', payerAccount: '6222****8888' },
    { enrollmentId: 'e-left-the-plan', channel: 'wechat', payerName: '晴天' },
  ],
  recorded: [
    { channel: 'wechat', transactionNo: '10001000200209010000000011' },
    { channel: 'alipay', transactionNo: '2025090122001400000000000011' },
  ],
}

export interface FixtureTx {
  tag: string
  time: string
  direction: '收入' | '支出' | '不计收支' | '/'
  kind: string
  counterparty: string
  account?: string
  goods: string
  note?: string
  amount: string
  method: string
  status: string
  txNo: string
  merchantNo?: string
  /** Bank exports only: repeat that transaction's rendered row exactly, balance and all. */
  sameRowAs?: string
}

export type Expectation =
  | { status: Exclude<ProposalStatus, 'already-recorded'>; enrollmentId?: string; candidates?: string[] }
  | { status: 'already-recorded'; duplicateOf?: string }
  | { skipped: SkipReason }

const wx = (n: number) => `100010002002090100000000${String(n).padStart(2, '0')}`

export const WECHAT_TXS: FixtureTx[] = [
  { tag: 'memo-name', time: '2025-09-01 19:20:11', direction: '收入', kind: '转账', counterparty: '刘爸', goods: '转账备注:三(2)班刘小明托管费', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(1) },
  { tag: 'nickname-given-name', time: '2025-09-01 20:01:00', direction: '收入', kind: '群收款', counterparty: '小红妈妈', goods: '九月托管费', amount: '300.00', method: '零钱', status: '已存入零钱', txNo: wx(2) },
  { tag: 'substring-name', time: '2025-09-02 07:45:30', direction: '收入', kind: '转账', counterparty: 'A王', goods: '转账备注:王小明9月', amount: '275.50', method: '零钱', status: '已收钱', txNo: wx(3) },
  { tag: 'alias', time: '2025-09-02 08:00:00', direction: '收入', kind: '转账', counterparty: '大山', goods: '转账备注:微信转账', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(4) },
  { tag: 'namesakes', time: '2025-09-02 12:13:14', direction: '收入', kind: '转账', counterparty: '晴天', goods: '转账备注:张伟托管费', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(5) },
  { tag: 'namesake-with-class', time: '2025-09-02 12:30:00', direction: '收入', kind: '转账', counterparty: '阳光', goods: '转账备注:五年级2班张伟', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(6) },
  { tag: 'amount-many', time: '2025-09-03 09:00:00', direction: '收入', kind: '二维码收款', counterparty: 'Lily', goods: '收款方备注:二维码收款', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(7) },
  { tag: 'amount-one', time: '2025-09-03 09:05:00', direction: '收入', kind: '二维码收款', counterparty: '晨曦', goods: '/', amount: '120.00', method: '零钱', status: '已收钱', txNo: wx(8) },
  { tag: 'two-students', time: '2025-09-03 18:00:00', direction: '收入', kind: '转账', counterparty: '刘家', goods: '转账备注:刘小明 刘小红 九月托管费', amount: '600.00', method: '零钱', status: '已收钱', txNo: wx(9) },
  { tag: 'duplicate', time: '2025-09-01 19:20:11', direction: '收入', kind: '转账', counterparty: '刘爸', goods: '转账备注:三(2)班刘小明托管费', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(1) },
  { tag: 'recorded', time: '2025-09-01 08:00:00', direction: '收入', kind: '转账', counterparty: '王强', goods: '转账备注:王小', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(11) },
  { tag: 'unmatched', time: '2025-09-04 10:00:00', direction: '收入', kind: '转账', counterparty: '路人甲', goods: '转账备注:谢谢', amount: '88.00', method: '零钱', status: '已收钱', txNo: wx(12) },
  { tag: 'guardian', time: '2025-09-04 10:30:00', direction: '收入', kind: '转账', counterparty: '陈芳', goods: '转账备注:托管费', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(13) },
  { tag: 'full-width', time: '2025-09-04 11:00:00', direction: '收入', kind: '转账', counterparty: 'ＯＵＹＡＮＧ', goods: '转账备注：六（１）班 欧阳 娜娜', amount: '300.00', method: '零钱', status: '已收钱', txNo: wx(14) },
  { tag: 'refunded', time: '2025-09-05 09:00:00', direction: '收入', kind: '群收款', counterparty: '王强', goods: '九月托管费', amount: '300.00', method: '零钱', status: '已全额退款', txNo: wx(15) },
  { tag: 'partly-refunded', time: '2025-09-05 09:10:00', direction: '收入', kind: '转账', counterparty: '赵敏', goods: '转账备注:张伟', amount: '300.00', method: '零钱', status: '已退款(￥100.00)', txNo: wx(16) },
  { tag: 'closed', time: '2025-09-05 09:20:00', direction: '收入', kind: '二维码收款', counterparty: '陈刚', goods: '收款方备注:二维码收款', amount: '120.00', method: '零钱', status: '已关闭', txNo: wx(17) },
  { tag: 'outgoing-shop', time: '2025-09-06 15:00:00', direction: '支出', kind: '商户消费', counterparty: '晨光文具店', goods: '美术用品一批', amount: '58.00', method: '中国银行(1234)', status: '支付成功', txNo: wx(18), merchantNo: '129847129' },
  { tag: 'outgoing-personal', time: '2025-09-06 16:00:00', direction: '支出', kind: '转账', counterparty: '房东张', goods: '转账备注:九月房租', amount: '3,500.00', method: '零钱', status: '对方已收钱', txNo: wx(19) },
  { tag: 'neutral', time: '2025-09-07 10:00:00', direction: '/', kind: '零钱提现', counterparty: '招商银行(8888)', goods: '/', amount: '100.10', method: '招商银行(8888)', status: '提现已到账', txNo: wx(20), note: '服务费¥0.10' },
]

export const WECHAT_EXPECTED: Record<string, Expectation> = {
  'memo-name': { status: 'matched', enrollmentId: 'e-liu-xiaoming' },
  'nickname-given-name': { status: 'matched', enrollmentId: 'e-liu-xiaohong' },
  'substring-name': { status: 'matched', enrollmentId: 'e-wang-xiaoming' },
  alias: { status: 'matched', enrollmentId: 'e-zhang-wei-4' },
  namesakes: { status: 'ambiguous', candidates: ['e-zhang-wei-4', 'e-zhang-wei-5'] },
  'namesake-with-class': { status: 'matched', enrollmentId: 'e-zhang-wei-5' },
  'amount-many': { status: 'ambiguous', candidates: ['e-liu-xiaoming', 'e-liu-xiaohong', 'e-wang-xiao', 'e-zhang-wei-4', 'e-zhang-wei-5', 'e-ouyang-nana'] },
  'amount-one': { status: 'matched', enrollmentId: 'e-chen-sisi' },
  'two-students': { status: 'ambiguous', candidates: ['e-liu-xiaoming', 'e-liu-xiaohong'] },
  duplicate: { status: 'already-recorded', duplicateOf: 'memo-name' },
  recorded: { status: 'already-recorded' },
  unmatched: { status: 'unmatched', candidates: [] },
  guardian: { status: 'matched', enrollmentId: 'e-liu-xiaohong' },
  'full-width': { status: 'matched', enrollmentId: 'e-ouyang-nana' },
  refunded: { skipped: 'refunded' },
  'partly-refunded': { skipped: 'refunded' },
  closed: { skipped: 'closed' },
  'outgoing-shop': { skipped: 'outgoing' },
  'outgoing-personal': { skipped: 'outgoing' },
  neutral: { skipped: 'neutral' },
}

const ali = (n: number) => `20250901220014000000000000${String(n).padStart(2, '0')}`

export const ALIPAY_TXS: FixtureTx[] = [
  { tag: 'guardian-and-memo', time: '2025-09-01 20:15:02', direction: '收入', kind: '转账红包', counterparty: '刘建国', account: 'liu***@qq.com', goods: '转账-三2班刘小明', amount: '300.00', method: '余额', status: '交易成功', txNo: ali(1) },
  { tag: 'alias-account', time: '2025-09-01 21:00:00', direction: '收入', kind: '转账红包', counterparty: '思思家', account: 'chen***@163.com', goods: '转账', amount: '120.00', method: '余额', status: '交易成功', txNo: ali(2) },
  { tag: 'quoted-comma', time: '2025-09-02 08:30', direction: '收入', kind: '转账红包', counterparty: '陈芳', account: '139****0000', goods: '九月托管费,刘小红', amount: '300.00', method: '余额', status: '交易成功', txNo: ali(3) },
  { tag: 'namesakes', time: '2025-09-02 09:00:00', direction: '收入', kind: '转账红包', counterparty: '周某', account: 'zhou***@126.com', goods: '张伟托管费', amount: '300.00', method: '余额', status: '交易成功', txNo: ali(4) },
  { tag: 'payer-memo-conflict', time: '2025-09-02 09:30:00', direction: '收入', kind: '转账红包', counterparty: '李娜', account: 'lina***@qq.com', goods: '刘小红托管费', amount: '300.00', method: '余额', status: '交易成功', txNo: ali(5) },
  { tag: 'duplicate', time: '2025-09-01 20:15:02', direction: '收入', kind: '转账红包', counterparty: '刘建国', account: 'liu***@qq.com', goods: '转账-三2班刘小明', amount: '300.00', method: '余额', status: '交易成功', txNo: ali(1) },
  { tag: 'recorded', time: '2025-09-01 07:00:00', direction: '收入', kind: '转账红包', counterparty: '王强', account: 'wq***@qq.com', goods: '王小 托管', amount: '300.00', method: '余额', status: '交易成功', txNo: ali(11) },
  { tag: 'unmatched', time: '2025-09-03 10:00:00', direction: '收入', kind: '转账红包', counterparty: '某人', account: 'x***@qq.com', goods: '红包', amount: '6.66', method: '余额', status: '交易成功', txNo: ali(12) },
  { tag: 'refunded', time: '2025-09-03 11:00:00', direction: '收入', kind: '转账红包', counterparty: '赵敏', account: 'zm***@qq.com', goods: '张伟 托管费', amount: '300.00', method: '余额', status: '退款成功', txNo: ali(13) },
  { tag: 'closed', time: '2025-09-03 12:00:00', direction: '收入', kind: '收款', counterparty: '陈刚', account: 'cg***@qq.com', goods: '收钱码收款', amount: '120.00', method: '', status: '交易关闭', txNo: ali(14) },
  { tag: 'pending', time: '2025-09-03 13:00:00', direction: '收入', kind: '收款', counterparty: '欧阳修', account: 'oy***@qq.com', goods: '托管费', amount: '300.00', method: '', status: '等待确认收货', txNo: ali(15) },
  { tag: 'outgoing', time: '2025-09-04 18:00:00', direction: '支出', kind: '日用百货', counterparty: '华联超市', account: '/', goods: '清洁用品', amount: '82.00', method: '交通银行信用卡(7449)', status: '交易成功', txNo: ali(16), merchantNo: 'T200P1234567' },
  { tag: 'neutral', time: '2025-09-04 19:00:00', direction: '不计收支', kind: '投资理财', counterparty: '蚂蚁财富-蚂蚁（杭州）基金销售有限公司', account: '/', goods: '余额宝-单次转入', amount: '1000.00', method: '余额', status: '交易成功', txNo: ali(17) },
]

export const ALIPAY_EXPECTED: Record<string, Expectation> = {
  'guardian-and-memo': { status: 'matched', enrollmentId: 'e-liu-xiaoming' },
  'alias-account': { status: 'matched', enrollmentId: 'e-chen-sisi' },
  'quoted-comma': { status: 'matched', enrollmentId: 'e-liu-xiaohong' },
  namesakes: { status: 'ambiguous', candidates: ['e-zhang-wei-4', 'e-zhang-wei-5'] },
  'payer-memo-conflict': { status: 'ambiguous', candidates: ['e-liu-xiaohong', 'e-wang-xiaoming'] },
  duplicate: { status: 'already-recorded', duplicateOf: 'guardian-and-memo' },
  recorded: { status: 'already-recorded' },
  unmatched: { status: 'unmatched', candidates: [] },
  refunded: { skipped: 'refunded' },
  closed: { skipped: 'closed' },
  pending: { skipped: 'not-final' },
  outgoing: { skipped: 'outgoing' },
  neutral: { skipped: 'neutral' },
}

/** Bank rows: `kind` is the 摘要, `goods` the 交易详情 (the payer's 附言), `method` the 交易场所. */
export const BANK_TXS: FixtureTx[] = [
  { tag: 'guardian-and-amount', time: '2025-09-01', direction: '收入', kind: '他行汇入', counterparty: '李娜', account: '6217****1234', goods: '托管费', amount: '275.50', method: '', status: '', txNo: '' },
  { tag: 'alias-account', time: '2025-09-01', direction: '收入', kind: '网转', counterparty: '欧阳修', account: '6222****8888', goods: '', amount: '300.00', method: '手机银行', status: '', txNo: '' },
  { tag: 'guardian-and-memo', time: '2025-09-02', direction: '收入', kind: '他行汇入', counterparty: '张大山', account: '6228****5678', goods: '四1班张伟托管费', amount: '300.00', method: '', status: '', txNo: '' },
  { tag: 'duplicate', sameRowAs: 'guardian-and-memo', time: '2025-09-02', direction: '收入', kind: '他行汇入', counterparty: '张大山', account: '6228****5678', goods: '四1班张伟托管费', amount: '300.00', method: '', status: '', txNo: '' },
  { tag: 'namesakes', time: '2025-09-02', direction: '收入', kind: '他行汇入', counterparty: '王五', account: '6228****0001', goods: '张伟 9月', amount: '300.00', method: '', status: '', txNo: '' },
  { tag: 'amount-many', time: '2025-09-03', direction: '收入', kind: '跨行汇款', counterparty: '赵某某', account: '6228****0002', goods: '', amount: '300.00', method: '', status: '', txNo: '' },
  { tag: 'refunded', time: '2025-09-03', direction: '收入', kind: '退款', counterparty: '深圳市财付通支付科技有限公司', account: '', goods: '', amount: '58.00', method: '', status: '', txNo: '' },
  { tag: 'closed', time: '2025-09-04', direction: '收入', kind: '冲正', counterparty: '陈刚', account: '6228****0003', goods: '托管费', amount: '120.00', method: '', status: '', txNo: '' },
  { tag: 'outgoing', time: '2025-09-04', direction: '支出', kind: '消费', counterparty: '深圳市财付通支付科技有限公司', account: '', goods: '', amount: '1,234.56', method: '财付通-美团平台商户', status: '', txNo: '' },
]

export const BANK_EXPECTED: Record<string, Expectation> = {
  'guardian-and-amount': { status: 'matched', enrollmentId: 'e-wang-xiaoming' },
  'alias-account': { status: 'matched', enrollmentId: 'e-ouyang-nana' },
  'guardian-and-memo': { status: 'matched', enrollmentId: 'e-zhang-wei-4' },
  namesakes: { status: 'ambiguous', candidates: ['e-zhang-wei-4', 'e-zhang-wei-5'] },
  'amount-many': { status: 'ambiguous' },
  duplicate: { status: 'already-recorded', duplicateOf: 'guardian-and-memo' },
  refunded: { skipped: 'refunded' },
  closed: { skipped: 'closed' },
  outgoing: { skipped: 'outgoing' },
}

/** Generic CSV rows: `kind` is 摘要, `goods` 附言, `status` 状态, `txNo` 流水号. */
export const GENERIC_TXS: FixtureTx[] = [
  { tag: 'guardian-and-memo', time: '2025/09/05 10:21:33', direction: '收入', kind: '转账存入', counterparty: '陈刚', account: '6230****7777', goods: '陈思思托管费', amount: '120.00', method: '', status: '成功', txNo: 'SX202509050001' },
  { tag: 'given-name-by-amount', time: '2025/09/05 11:00:00', direction: '收入', kind: '转账存入', counterparty: '郑某', account: '6230****0004', goods: '小明托管', amount: '275.50', method: '', status: '成功', txNo: 'SX202509050002' },
  { tag: 'given-name-ambiguous', time: '2025/09/05 11:30:00', direction: '收入', kind: '转账存入', counterparty: '郑某', account: '6230****0004', goods: '小明 部分', amount: '200.00', method: '', status: '成功', txNo: 'SX202509050003' },
  { tag: 'duplicate', time: '2025/09/05 10:21:33', direction: '收入', kind: '转账存入', counterparty: '陈刚', account: '6230****7777', goods: '陈思思托管费', amount: '120.00', method: '', status: '成功', txNo: 'SX202509050001' },
  { tag: 'refunded', time: '2025/09/06 09:00:00', direction: '收入', kind: '转账存入', counterparty: '王强', account: '6230****0005', goods: '王小', amount: '300.00', method: '', status: '已退款', txNo: 'SX202509060001' },
  { tag: 'closed', time: '2025/09/06 09:30:00', direction: '收入', kind: '转账存入', counterparty: '赵敏', account: '6230****0006', goods: '张伟', amount: '300.00', method: '', status: '已撤销', txNo: 'SX202509060002' },
  { tag: 'outgoing', time: '2025/09/07 14:00:00', direction: '支出', kind: '转账支出', counterparty: '托管老师李', account: '6230****0007', goods: '九月课酬', amount: '2,000.00', method: '', status: '成功', txNo: 'SX202509070001' },
]

export const GENERIC_EXPECTED: Record<string, Expectation> = {
  'guardian-and-memo': { status: 'matched', enrollmentId: 'e-chen-sisi' },
  'given-name-by-amount': { status: 'matched', enrollmentId: 'e-wang-xiaoming' },
  'given-name-ambiguous': { status: 'ambiguous', candidates: ['e-liu-xiaoming', 'e-wang-xiaoming'] },
  duplicate: { status: 'already-recorded', duplicateOf: 'guardian-and-memo' },
  refunded: { skipped: 'refunded' },
  closed: { skipped: 'closed' },
  outgoing: { skipped: 'outgoing' },
}
