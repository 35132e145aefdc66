// The settlement area: a term's accounts closed and its surplus refunded to the families, exactly.
export type { Settlement, SettlementOptions } from './figures.js'
export { getRefund, getRefundReceiptPdf, listFamilyRefunds, listRefunds, markRefundPaid } from './refunds.js'
export { commitSettlement, confirmSettlement, previewSettlement } from './settle.js'
export { writeOffArrears } from './write-off.js'
