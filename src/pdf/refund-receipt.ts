import { beijingDate, formatDateZh, formatDayZh } from './format.js'
import { CHANNELS, type PaymentChannel } from './receipt.js'
import { renderTemplate } from './render.js'
import { blankToNull, money, required, sumFen } from './values.js'

/** A refund paid at term settlement (退费凭证), as markRefundPaid records it. Private to the family. */
export interface RefundReceiptData {
  refundNo: string
  school: { name: string }
  committee: { name: string }
  plan: { title: string }
  term: { name: string }
  /** The guardian the refund is paid to. */
  payee: { name: string; relation?: string | null }
  student: { name: string; className: string }
  /** The family's share of the refundable surplus (0 in a deficit). */
  shareFen: number
  /** Credit the family still held (overpayment, leave credit beyond its charges), returned whole. */
  heldCreditFen: number
  /** How the share was computed: the family's payments for the term net of credit, all families' total, and the surplus shared. */
  basis: { paidFen: number; totalPaidFen: number; refundableFen: number }
  channel: PaymentChannel
  transactionNo?: string | null
  /** "YYYY-MM-DD" or an ISO instant. */
  paidAt: string
  /** Who paid it out: the treasurer or school finance. */
  paidBy: { kind: 'treasurer' | 'school-finance'; name: string }
}

export interface RefundReceiptOptions {
  creationDate: Date
}

export async function renderRefundReceipt(data: RefundReceiptData, options: RefundReceiptOptions): Promise<Buffer> {
  const values = toTemplateValues(data, options)
  return renderTemplate('refund-receipt', values, { creationDate: options.creationDate, title: `托管费退费凭证 ${values.refundNo}` })
}

export function toTemplateValues(data: RefundReceiptData, options: RefundReceiptOptions) {
  const share = money(data.shareFen, 'shareFen')
  const credit = money(data.heldCreditFen, 'heldCreditFen')
  const amount = money(sumFen([share.fen, credit.fen]))
  const basis = {
    paid: money(data.basis.paidFen, 'basis.paidFen'),
    totalPaid: money(data.basis.totalPaidFen, 'basis.totalPaidFen'),
    refundable: money(data.basis.refundableFen, 'basis.refundableFen'),
  }
  if (amount.fen === 0) throw new Error('a refund receipt is for a refund of more than 0')
  if (share.fen > 0 && (basis.refundable.fen === 0 || basis.paid.fen === 0)) throw new Error('a share of the surplus needs a surplus and a payment to share it by')
  if (basis.paid.fen > basis.totalPaid.fen) throw new Error('the family paid more than all families together')
  if (share.fen > basis.refundable.fen) throw new Error('the share is more than the whole refundable surplus')
  // Largest remainder: the share is its exact proportion rounded down or up, by less than one fen.
  const exact = (basis.refundable.fen * basis.paid.fen) / (basis.totalPaid.fen || 1)
  if (Math.abs(share.fen - exact) >= 1) throw new Error(`share ${share.fen} fen is not the proportional share ${exact.toFixed(2)} fen rounded`)
  const relation = blankToNull(data.payee.relation)
  return {
    refundNo: required(data.refundNo, 'refundNo'),
    paidOn: formatDayZh(data.paidAt),
    payee: `${required(data.payee.name, 'payee.name')}${relation ? `（学生${relation}）` : ''}`,
    student: { name: required(data.student.name, 'student.name'), className: data.student.className },
    plan: data.plan,
    term: data.term,
    committeeFull: `${data.school.name}${data.committee.name}`,
    amount,
    share: share.yuan,
    credit: credit.yuan,
    hasCredit: credit.fen > 0,
    surplus: basis.refundable.fen > 0,
    refundable: basis.refundable.yuan,
    paid: basis.paid.yuan,
    totalPaid: basis.totalPaid.yuan,
    channel: CHANNELS[data.channel],
    transactionNo: blankToNull(data.transactionNo),
    paidBy: `${required(data.paidBy.name, 'paidBy.name')}（${data.paidBy.kind === 'treasurer' ? '家长委员会财务' : '学校财务'}）`,
    issuedOn: formatDateZh(beijingDate(options.creationDate)),
  }
}
