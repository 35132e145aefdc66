/**
 * Which export a file is, by its content: the header row each layout is known by. A file name
 * or declared MIME type says nothing (treasurers rename files, phones mangle names).
 */
import { findHeader, type Header, type HeaderSpec } from './find-header.js'
import { ALIPAY_HEADER, parseAlipayRecord } from './parse-alipay.js'
import { ICBC_HEADER, parseIcbcRecord } from './parse-bank.js'
import { mappingHeader, parseGenericRecord } from './parse-generic-csv.js'
import { parseWechatRecord, WECHAT_HEADER } from './parse-wechat.js'
import type { TableRecord } from './read-table.js'
import type { SourceRow } from './source-row.js'
import type { Channel, ColumnMapping, StatementRow } from './types.js'

export type Layout = 'wechat' | 'alipay' | 'icbc' | 'generic'

export interface DetectedLayout {
  layout: Layout
  channel: Channel
  header: Header<string>
  /** The field holding each row's date: a footer is a row without one. */
  dateField: string
  parse: (record: TableRecord<string>) => StatementRow
}

interface Candidate {
  layout: Layout
  channel: Channel
  dateField: string
  spec: HeaderSpec<string>
  parse: (record: TableRecord<string>) => StatementRow
}

const KNOWN: Candidate[] = [
  { layout: 'wechat', channel: 'wechat', dateField: 'time', spec: WECHAT_HEADER, parse: parseWechatRecord },
  { layout: 'alipay', channel: 'alipay', dateField: 'time', spec: ALIPAY_HEADER, parse: parseAlipayRecord },
  { layout: 'icbc', channel: 'bank', dateField: 'date', spec: ICBC_HEADER, parse: parseIcbcRecord },
]

/** Known layouts first: a saved mapping never overrides a file that is recognisably WeChat's or Alipay's. */
export function detectLayout(rows: SourceRow[], mapping?: ColumnMapping): DetectedLayout | null {
  const candidates = [...KNOWN]
  if (mapping) {
    candidates.push({ layout: 'generic', channel: mapping.channel ?? 'bank', dateField: 'date', spec: mappingHeader(mapping), parse: (r) => parseGenericRecord(r, mapping) })
  }
  for (const c of candidates) {
    const header = findHeader(rows, c.spec)
    if (header) return { layout: c.layout, channel: c.channel, header, dateField: c.dateField, parse: c.parse }
  }
  return null
}
