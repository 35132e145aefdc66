import { FONT_BOLD, FONT_REGULAR } from './fonts.js'
import { formatBeijingDateTime } from './format.js'
import { type TextStyle, writeText } from './text-block.js'

/** What the service records when a guardian signs; printed on the "电子签署证书" page. */
export interface SigningCertificate {
  signerName: string
  /** ISO 8601 instant, e.g. "2025-09-01T12:15:03.000Z". */
  signedAt: string
  ip: string
  userAgent: string
  /** Hex SHA-256 of the exact unsigned PDF the guardian read and agreed to. */
  documentSha256: string
  enrollmentId: string
}

const BODY: TextStyle = { font: FONT_REGULAR, size: 10.5, lineGap: 3.5, align: 'justify' }
const MAX_USER_AGENT = 400

/** Throws unless every field is filled and the hash and time are well-formed. */
export function checkCertificate(cert: SigningCertificate): void {
  for (const [key, value] of Object.entries(cert)) {
    if (typeof value !== 'string' || !value.trim()) throw new Error(`certificate.${key} is empty`)
  }
  if (!/^[0-9a-f]{64}$/i.test(cert.documentSha256)) throw new Error('documentSha256 must be 64 hex digits')
  if (Number.isNaN(new Date(cert.signedAt).getTime())) throw new Error(`signedAt is not an ISO instant: ${cert.signedAt}`)
}

/**
 * Appends the certificate page. It restates, in words a parent can follow, what the hash proves
 * and how to check it with tools every computer already has.
 */
export function addCertificatePage(doc: PDFKit.PDFDocument, cert: SigningCertificate, documentTitle: string, agreementPages: number): void {
  checkCertificate(cert)
  const signedAt = new Date(cert.signedAt)
  doc.addPage()
  const left = doc.page.margins.left
  const width = doc.page.width - left - doc.page.margins.right
  const para = (text: string) => {
    writeText(doc, text, left, width, BODY)
    doc.y += 6
  }
  const heading = (text: string, size: number, align: TextStyle['align'] = 'left') => {
    writeText(doc, text, left, width, { font: FONT_BOLD, size, lineGap: 0, align })
    doc.y += 4
  }

  heading('电子签署证书', 16, 'center')
  doc.y += 8
  para(`本页由家委系统在乙方完成电子签署时生成，附于《${documentTitle}》之后（协议正文共 ${agreementPages} 页），记录签署事实。`)

  const rows: [string, string][] = [
    ['签署人', cert.signerName],
    ['签署时间', `${formatBeijingDateTime(signedAt)}；${cert.signedAt}`],
    ['签署 IP 地址', cert.ip],
    // A user agent is whatever the browser sent; a page cannot hold an arbitrarily long one.
    ['浏览器标识', cert.userAgent.length > MAX_USER_AGENT ? `${cert.userAgent.slice(0, MAX_USER_AGENT)}…（已截断，完整记录保存在系统中）` : cert.userAgent],
    ['在托登记编号', cert.enrollmentId],
    ['协议文件 SHA-256', cert.documentSha256.toLowerCase()],
  ]
  const labelWidth = 96
  doc.y += 4
  for (const [label, value] of rows) {
    const top = doc.y
    writeText(doc, label, left, labelWidth - 8, { ...BODY, font: FONT_BOLD, align: 'left' })
    const labelBottom = doc.y
    doc.y = top
    writeText(doc, value, left + labelWidth, width - labelWidth, { ...BODY, align: 'left' })
    doc.y = Math.max(doc.y, labelBottom) + 3
    doc
      .moveTo(left, doc.y)
      .lineTo(left + width, doc.y)
      .lineWidth(0.4)
      .strokeColor('#bbb')
      .stroke()
    doc.y += 6
  }
  doc.y += 8

  heading('摘要说明', 12)
  para(
    '上述 SHA-256 摘要是乙方签署前阅读并同意的协议文件的摘要，即签名栏尚为空白、不含本证书页的未签署版 PDF 文件。' +
      `本文件第 1 至 ${agreementPages} 页为协议正文，除签名栏填入乙方的签署信息外，内容与该未签署版一致。`,
  )
  heading('核验方法', 12)
  para('1. 取得未签署版协议 PDF 文件：乙方签署前下载的文件，或向甲方索取系统留存的未签署版文件。')
  para('2. 计算该文件的 SHA-256 摘要：Windows 执行 certutil -hashfile 文件名.pdf SHA256；macOS 执行 shasum -a 256 文件名.pdf；Linux 执行 sha256sum 文件名.pdf。')
  para('3. 计算结果与本证书所列摘要完全一致（不区分大小写），即表明乙方签署时阅读的协议内容未被改动；不一致的，请联系甲方或学校核查。')
}
