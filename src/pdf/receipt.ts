import { beijingDate, formatDateZh, formatDayZh, formatMonth, formatMonths } from './format.js'
import { renderTemplate } from './render.js'
import { blankToNull, money, required, sumFen } from './values.js'

export type PaymentChannel = 'cash' | 'bank' | 'wechat' | 'alipay'

/** A payment's receipt (收款收据), as the payments service records it. Receipts are private to the family. */
export interface ReceiptData {
  /** Sequential per collector and year, e.g. "2026-000123". */
  receiptNo: string
  school: { name: string }
  committee: { name: string }
  plan: { title: string }
  term: { name: string }
  /** The guardian who paid; `relation` to the student, e.g. "父亲". */
  payer: { name: string; relation?: string | null }
  student: { name: string; className: string }
  amountFen: number
  channel: PaymentChannel
  /** The channel's transaction number; none for cash. */
  transactionNo?: string | null
  /** "YYYY-MM-DD", or an ISO instant printed as its date in Beijing. */
  paidAt: string
  /**
   * The charges the payment settled, oldest first: `period` is "YYYY-MM" for a monthly plan or
   * "term" for a termly one. Together with `creditFen` they add up to `amountFen`.
   */
  allocations: { period: string; amountFen: number }[]
  /** What the payment left over as the family's credit, paying its next charges. */
  creditFen: number
  /** Who took the money: the committee's treasurer, or the school's finance office where the school collects. */
  receivedBy: { kind: 'treasurer' | 'school-finance'; name: string }
  /** Present once the payment was reversed: the receipt is void, its number never reused. */
  reversal?: { reason: string; reversedOn: string } | null
}

export interface ReceiptOptions {
  creationDate: Date
}

export const CHANNELS: Record<PaymentChannel, string> = { cash: '现金', bank: '银行转账', wechat: '微信', alipay: '支付宝' }

export async function renderReceipt(data: ReceiptData, options: ReceiptOptions): Promise<Buffer> {
  const values = toTemplateValues(data, options)
  return renderTemplate('receipt', values, {
    creationDate: options.creationDate,
    title: `收款收据 ${values.receiptNo}${values.void ? '（作废）' : ''}`,
    ...(values.void ? { stamp: '作废' } : {}),
  })
}

export function toTemplateValues(data: ReceiptData, options: ReceiptOptions) {
  const amount = money(data.amountFen, 'amountFen')
  const credit = money(data.creditFen, 'creditFen')
  const lines = data.allocations.map((a) => ({ ...a, money: money(a.amountFen, 'allocation') }))
  if (sumFen([...lines.map((l) => l.money.fen), credit.fen]) !== amount.fen) {
    throw new Error(`allocations and credit (${sumFen([...data.allocations.map((a) => a.amountFen), data.creditFen])} fen) do not add up to the payment (${amount.fen} fen)`)
  }
  if (amount.fen === 0) throw new Error('a receipt is for a payment of more than 0')
  const months = lines.filter((l) => l.period !== 'term').map((l) => l.period)
  const periodName = (p: string) => (p === 'term' ? data.term.name : formatMonth(p))
  const purposes = [
    ...(months.length ? [`${formatMonths(months)}托管费`] : []),
    ...(lines.some((l) => l.period === 'term') ? [`${data.term.name}托管费`] : []),
    ...(credit.fen > 0 ? ['预交后续托管费'] : []),
  ]
  const { school, committee } = data
  const relation = blankToNull(data.payer.relation)
  const reversal = data.reversal ?? null
  return {
    receiptNo: required(data.receiptNo, 'receiptNo'),
    paidOn: formatDayZh(data.paidAt),
    payer: `${required(data.payer.name, 'payer.name')}${relation ? `（学生${relation}）` : ''}`,
    student: { name: required(data.student.name, 'student.name'), className: data.student.className },
    plan: data.plan,
    term: data.term,
    purpose: purposes.join('、'),
    lines: [
      ...lines.map((l) => ({ item: '课后托管服务费', period: periodName(l.period), amount: l.money.yuan })),
      ...(credit.fen > 0 ? [{ item: '预交（计入家庭余额）', period: '抵缴后续托管费', amount: credit.yuan }] : []),
    ],
    amount,
    credit: credit.fen > 0 ? credit.yuan : null,
    channel: CHANNELS[data.channel] ?? fail(`unknown channel ${data.channel}`),
    transactionNo: blankToNull(data.transactionNo),
    collector: data.receivedBy.kind === 'treasurer' ? `${school.name}${committee.name}` : `${school.name}财务室（代${committee.name}收取）`,
    receivedBy: `${required(data.receivedBy.name, 'receivedBy.name')}（${data.receivedBy.kind === 'treasurer' ? '家长委员会财务' : '学校财务'}）`,
    issuedOn: formatDateZh(beijingDate(options.creationDate)),
    void: reversal ? { reason: required(reversal.reason, 'reversal.reason'), reversedOn: formatDayZh(reversal.reversedOn) } : null,
  }
}

function fail(why: string): never {
  throw new Error(why)
}
