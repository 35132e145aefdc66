/**
 * Builders of exports in the channels' real layouts (researched in double-entry-generator's and
 * china_bean_importers' samples and parsers), from the transactions in fixture-data.ts. Each
 * returns the file's bytes and the line every tagged transaction landed on, so tests (and the
 * later import integration tests) can say "line 23 is the refund".
 */
import ExcelJS from 'exceljs'
import type { ColumnMapping } from '../../src/modules/reconciliation/index.js'
import { parseYuan } from '../../src/money.js'
import type { FixtureTx } from './fixture-data.js'
import { encodeGbk } from './gbk.js'

export * from './fixture-data.js'
export * from './fixture-volume.js'
export { encodeGbk } from './gbk.js'

export interface Fixture {
  bytes: Uint8Array
  lineOf: Record<string, number>
}

const utf8 = (text: string, bom = false) => new TextEncoder().encode((bom ? '\ufeff' : '') + text)
const yuan = (fen: number) => (fen / 100).toFixed(2)
// Preamble totals; tests that plant a bad amount still get a file, with that row left out of the sum.
const fenOr0 = (amount: string) => {
  try {
    return parseYuan(amount)
  } catch {
    return 0
  }
}
const sumOf = (txs: FixtureTx[], d: string) => txs.filter((t) => t.direction === d).reduce((s, t) => s + fenOr0(t.amount), 0)
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)

export const WECHAT_HEADER_CELLS = ['交易时间', '交易类型', '交易对方', '商品', '收/支', '金额(元)', '支付方式', '当前状态', '交易单号', '商户单号', '备注']

function wechatPreamble(txs: FixtureTx[], noteLines: 3 | 4): string[] {
  const count = (d: string) => txs.filter((t) => t.direction === d).length
  return [
    '微信支付账单明细',
    '微信昵称：[三2班家委会财务]',
    '起始时间：[2025-09-01 00:00:00] 终止时间：[2025-09-30 23:59:59]',
    '导出类型：[全部]',
    '导出时间：[2025-10-01 09:30:12]',
    '',
    `共${txs.length}笔记录`,
    `收入：${count('收入')}笔 ${yuan(sumOf(txs, '收入'))}元`,
    `支出：${count('支出')}笔 ${yuan(sumOf(txs, '支出'))}元`,
    `中性交易：${count('/')}笔 ${yuan(sumOf(txs, '/'))}元`,
    '注：',
    '1. 充值/提现/理财通购买/零钱通存取/信用卡还款等交易，将计入中性交易',
    '2. 本明细仅展示当前账单中的交易，不包括已删除的记录',
    '3. 本明细仅供个人对账使用',
    ...(noteLines === 4 ? ['4. 本账单中所有时间均为UTC+08:00时间'] : []),
    '',
    '----------------------微信支付账单明细列表--------------------',
  ]
}

export interface WechatXlsxOptions {
  /** 4 since March 2026 (the UTC+08:00 note), 3 before. */
  noteLines?: 3 | 4
  /** 'number' since 2026 (a number cell shown with "¥"), 'text' ("¥300.00") before. */
  amountAs?: 'number' | 'text'
  /** 'date' for a sheet someone re-saved so Excel turned the times into date cells. */
  timeAs?: 'text' | 'date'
}

/** WeChat Pay 账单明细 as an XLSX (Sheet1, the preamble in column A, ids ending in a tab). */
export async function wechatXlsx(txs: FixtureTx[], options: WechatXlsxOptions = {}): Promise<Fixture> {
  const { noteLines = 4, amountAs = 'number', timeAs = 'text' } = options
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('Sheet1')
  const preamble = wechatPreamble(txs, noteLines)
  for (const line of preamble) sheet.addRow(line ? [line] : [])
  sheet.addRow(WECHAT_HEADER_CELLS)
  const lineOf: Record<string, number> = {}
  txs.forEach((t, i) => {
    const fen = fenOr0(t.amount)
    const [date, time] = t.time.split(' ') as [string, string]
    const when = timeAs === 'date' ? new Date(`${date}T${time}Z`) : t.time
    const row = sheet.addRow([
      when,
      t.kind,
      t.counterparty || '/',
      t.goods || '/',
      t.direction,
      amountAs === 'number' ? fen / 100 : `¥${t.amount}`,
      t.method || '/',
      t.status,
      `${t.txNo}\t`,
      `${t.merchantNo ?? '/'}\t`,
      t.note ?? '/',
    ])
    if (amountAs === 'number') row.getCell(6).numFmt = '"¥"#,##0.00'
    if (timeAs === 'date') row.getCell(1).numFmt = 'yyyy-mm-dd hh:mm:ss'
    lineOf[t.tag] = preamble.length + 2 + i
  })
  const buffer = await workbook.xlsx.writeBuffer()
  return { bytes: new Uint8Array(buffer as ArrayBuffer), lineOf }
}

/** The pre-2025 WeChat CSV: UTF-8 with BOM, every preamble line padded with commas, a tab after each id. */
export function wechatCsv(txs: FixtureTx[]): Fixture {
  const pad = ',,,,,,,,,,'
  const lines = wechatPreamble(txs, 3).map((l) => l + pad)
  lines.push(WECHAT_HEADER_CELLS.join(','))
  const lineOf: Record<string, number> = {}
  for (const t of txs) {
    const cells = [
      t.time,
      t.kind,
      csvCell(t.counterparty || '/'),
      csvCell(t.goods || '/'),
      t.direction,
      csvCell(`¥${t.amount}`),
      t.method || '/',
      t.status,
      `${t.txNo}\t`,
      `${t.merchantNo ?? '/'}\t`,
      csvCell(t.note ?? '/'),
    ]
    lines.push(cells.join(','))
    lineOf[t.tag] = lines.length
  }
  return { bytes: utf8(`${lines.join('\n')}\n`, true), lineOf }
}

const ALIPAY_BANNER = '------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------'
const ALIPAY_HEADER_CELLS = ['交易时间', '交易分类', '交易对方', '对方账号', '商品说明', '收/支', '金额', '收/付款方式', '交易状态', '交易订单号', '商家订单号', '备注']

/** Alipay 交易明细 (App, 用于个人对账): GBK, a long preamble ending in the banner, cells padded with spaces, ids with a tab, a trailing comma. */
export function alipayCsv(txs: FixtureTx[], options: { hints?: 9 | 8 } = {}): Fixture {
  const count = (d: string) => txs.filter((t) => t.direction === d).length
  const hints = [
    '本回单内容可表明支付宝受理了相应支付交易申请，因系统原因或通讯故障等偶发因素导致本回单与实际交易结果不符时，以实际交易情况为准；',
    '请勿将本回单作为收款方发货的凭据使用，请查证账户实际到账情况后再进行发货操作；',
    '支付宝快捷支付等非余额支付方式可能既产生支付宝交易也同步产生银行交易，因此请勿使用本回单进行重复记账；',
    '本回单如经任何涂改、编造，均立即失去效力；',
    '部分账单如：充值提现、账户转存或者个人设置收支等不计入为收入或者支出，记为不计收支类；',
    '因统计逻辑不同，明细金额直接累加后，可能会和下方统计金额不一致，请以实际交易金额为准；',
    '禁止将本回单用于非法用途；',
    '本明细仅展示当前账单中的交易，不包括已删除的记录；',
    '本明细仅供个人对账使用。',
  ].slice(0, options.hints ?? 9)
  const lines = [
    '------------------------------------------------------------------------------------',
    '导出信息：',
    '姓名：陈芳',
    '支付宝账户：jwh***@163.com',
    '起始时间：[2025-09-01 00:00:00]    终止时间：[2025-09-30 23:59:59]',
    '导出交易类型：[全部]',
    '导出时间：[2025-10-01 10:02:13]',
    `共${txs.length}笔记录`,
    `收入：${count('收入')}笔 ${yuan(sumOf(txs, '收入'))}元`,
    `支出：${count('支出')}笔 ${yuan(sumOf(txs, '支出'))}元`,
    `不计收支：${count('不计收支')}笔 ${yuan(sumOf(txs, '不计收支'))}元`,
    '',
    '特别提示：',
    ...hints.map((h, i) => `${i + 1}.${h}`),
    '',
    ALIPAY_BANNER,
    `${ALIPAY_HEADER_CELLS.map((h) => h.padEnd(16, ' ')).join(',')},`,
  ]
  const lineOf: Record<string, number> = {}
  for (const t of txs) {
    const cells = [
      t.time.padEnd(20, ' '),
      t.kind.padEnd(16, ' '),
      t.counterparty.padEnd(16, ' '),
      (t.account ?? '/').padEnd(20, ' '),
      t.goods.padEnd(16, ' '),
      t.direction.padEnd(16, ' '),
      t.amount.replaceAll(',', '').padEnd(20, ' '),
      t.method.padEnd(16, ' '),
      t.status.padEnd(16, ' '),
      `${t.txNo}\t`,
      `${t.merchantNo ?? ''}\t`,
      (t.note ?? '').padEnd(20, ' '),
    ]
    lines.push(`${cells.map(csvCell).join(',')},`)
    lineOf[t.tag] = lines.length
  }
  return { bytes: encodeGbk(`${lines.join('\r\n')}\r\n`), lineOf }
}

const ICBC_HEADER_CELLS = [
  '交易日期',
  '摘要',
  '交易详情',
  '交易场所',
  '交易国家或地区简称',
  '钞/汇',
  '交易金额(收入)',
  '交易金额(支出)',
  '交易币种',
  '记账金额(收入)',
  '记账金额(支出)',
  '记账币种',
  '余额',
  '对方户名',
  '对方账户',
]

/** ICBC 明细查询文件下载 (debit card, the layout with 交易详情 and 对方账户): quoted cells padded with spaces and a tab, "-" for none, a 人民币合计 footer. */
export function icbcCsv(txs: FixtureTx[]): Fixture {
  const q = (v: string, width = 20) => `"${v.padEnd(width, ' ')}\t"`
  const money = (fen: number) => Math.trunc(fen / 100).toLocaleString('en-US') + ((fen % 100) / 100).toFixed(2).slice(1)
  const lines = ['明细查询文件下载', '', '卡号: 6222****0001,"卡别名: 家委会托管费"', '', '子账户序号: 00000,子账户类别: 活期,"子账户别名: "', '', ICBC_HEADER_CELLS.join(',')]
  const lineOf: Record<string, number> = {}
  const rendered: Record<string, string> = {}
  let balance = 1_000_000
  let credits = 0
  let debits = 0
  for (const t of txs) {
    let line = t.sameRowAs ? rendered[t.sameRowAs] : undefined
    if (!line) {
      const fen = parseYuan(t.amount)
      const incoming = t.direction === '收入'
      balance += incoming ? fen : -fen
      if (incoming) credits += fen
      else debits += fen
      line = [
        `${t.time}     \t`,
        q(t.kind),
        q(t.goods, 30),
        q(t.method, 60),
        q('CHN'),
        '钞        \t',
        q('-'),
        q('-'),
        '-              \t',
        q(incoming ? money(fen) : ''),
        q(incoming ? '' : money(fen)),
        '人民币         \t',
        q(money(balance)),
        q(t.counterparty, 60),
        q(t.account ?? '', 19),
        '',
      ].join(',')
      rendered[t.tag] = line
    }
    lines.push(line)
    lineOf[t.tag] = lines.length
  }
  lines.push(' ', `人民币合计,,,,,,,,,${q(money(credits), 18)},${q(money(debits), 18)},`)
  return { bytes: utf8(`${lines.join('\n')}\n`), lineOf }
}

export const GENERIC_MAPPING: ColumnMapping = {
  date: '交易日期',
  time: '交易时间',
  credit: '贷方发生额',
  debit: '借方发生额',
  balance: '余额',
  counterparty: '对方户名',
  counterpartyAccount: '对方账号',
  memo: ['摘要', '附言'],
  transactionNo: '流水号',
  status: '状态',
}

/** A bank the parsers do not know (a rural commercial bank's export), read through GENERIC_MAPPING; UTF-8 with BOM as Excel saves it. */
export function genericCsv(txs: FixtureTx[]): Fixture {
  const lines = [
    '某某农村商业银行 账户交易明细',
    '账号：6230****0001',
    '查询期间：2025-09-01 至 2025-09-30',
    '',
    '交易日期,交易时间,摘要,贷方发生额,借方发生额,余额,对方户名,对方账号,附言,流水号,状态',
  ]
  const lineOf: Record<string, number> = {}
  let balance = 500_000
  for (const t of txs) {
    const fen = parseYuan(t.amount)
    const incoming = t.direction === '收入'
    balance += incoming ? fen : -fen
    const [date, time] = t.time.split(' ') as [string, string]
    lines.push(
      [date, time, t.kind, incoming ? t.amount : '', incoming ? '' : t.amount, yuan(balance), t.counterparty, `="${t.account ?? ''}"`, t.goods, t.txNo, t.status]
        .map(csvCell)
        .join(','),
    )
    lineOf[t.tag] = lines.length
  }
  return { bytes: utf8(`${lines.join('\r\n')}\r\n`, true), lineOf }
}
