import { FONT_BOLD, FONT_REGULAR } from './fonts.js'
import { formatBeijingDateTime } from './format.js'
import { type TextStyle, writeText } from './text-block.js'

/**
 * What the service records when someone signs; printed on an "电子签署证书" page. The record the
 * signature belongs to is named by exactly one id: a care agreement's enrollment or a hiring
 * contract.
 */
export type SigningCertificate = SigningEvidence & ({ enrollmentId: string } | { contractId: string })

interface SigningEvidence {
  signerName: string
  /** ISO 8601 instant, e.g. "2025-09-01T12:15:03.000Z". */
  signedAt: string
  ip: string
  userAgent: string
  /** Hex SHA-256 of the exact unsigned PDF the signer read and agreed to. */
  documentSha256: string
  /** The signer as the document names them: "乙方" (the default) or "甲方代表". */
  party?: string
}

const BODY: TextStyle = { font: FONT_REGULAR, size: 10.5, lineGap: 3.5, align: 'justify' }
const MAX_USER_AGENT = 400

/** Throws unless every field is filled and the hash and time are well-formed. */
export function checkCertificate(cert: SigningCertificate): void {
  for (const [key, value] of Object.entries(cert)) {
    if (typeof value !== 'string' || !value.trim()) throw new Error(`certificate.${key} is empty`)
  }
  if (!('enrollmentId' in cert) && !('contractId' in cert)) throw new Error('certificate names neither an enrollment nor a contract')
  if (!/^[0-9a-f]{64}$/i.test(cert.documentSha256)) throw new Error('documentSha256 must be 64 hex digits')
  if (Number.isNaN(new Date(cert.signedAt).getTime())) throw new Error(`signedAt is not an ISO instant: ${cert.signedAt}`)
}

/**
 * Several signers all sign the same unsigned file, so one original verifies every signature of
 * the document (a second signer who saw the first one's signed copy would have signed other bytes).
 */
export function checkCertificates(certs: readonly SigningCertificate[]): void {
  certs.forEach(checkCertificate)
  const hashes = new Set(certs.map((c) => c.documentSha256.toLowerCase()))
  if (hashes.size > 1) throw new Error('every signer of a document signs the same unsigned file (documentSha256 differs)')
  const parties = certs.map(partyOf)
  if (new Set(parties).size < parties.length) throw new Error(`two certificates for the same party (${parties.join(', ')})`)
}

const partyOf = (cert: SigningCertificate) => cert.party ?? '乙方'

/**
 * Appends one certificate page per signer. Each restates, in words a parent can follow, what the
 * hash proves and how to check it with tools every computer already has.
 */
export function addCertificatePages(doc: PDFKit.PDFDocument, certs: readonly SigningCertificate[], documentTitle: string, bodyPages: number): void {
  checkCertificates(certs)
  // A single signer keeps the wording care agreements were signed with; several are named together.
  const parties = certs.map(partyOf)
  const signers = parties.length === 1 ? parties[0]! : parties.length === 2 ? `${parties[0]}和${parties[1]}双方` : `${parties.join('、')}各方`
  for (const [i, cert] of certs.entries()) {
    addCertificatePage(doc, cert, documentTitle, bodyPages, {
      signers,
      heading: certs.length === 1 ? '电子签署证书' : `电子签署证书（${i + 1}/${certs.length}：${partyOf(cert)}）`,
      thisPage: certs.length === 1 ? '本证书页' : '证书页',
    })
  }
}

function addCertificatePage(
  doc: PDFKit.PDFDocument,
  cert: SigningCertificate,
  documentTitle: string,
  agreementPages: number,
  words: { signers: string; heading: string; thisPage: string },
): void {
  const party = partyOf(cert)
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

  heading(words.heading, 16, 'center')
  doc.y += 8
  para(`本页由家委系统在${party}完成电子签署时生成，附于《${documentTitle}》之后（协议正文共 ${agreementPages} 页），记录签署事实。`)

  const rows: [string, string][] = [
    ['签署人', cert.signerName],
    ['签署时间', `${formatBeijingDateTime(signedAt)}；${cert.signedAt}`],
    ['签署 IP 地址', cert.ip],
    // A user agent is whatever the browser sent; a page cannot hold an arbitrarily long one.
    ['浏览器标识', cert.userAgent.length > MAX_USER_AGENT ? `${cert.userAgent.slice(0, MAX_USER_AGENT)}…（已截断，完整记录保存在系统中）` : cert.userAgent],
    'enrollmentId' in cert ? ['在托登记编号', cert.enrollmentId] : ['聘用协议编号', cert.contractId],
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
    `上述 SHA-256 摘要是${party}签署前阅读并同意的协议文件的摘要，即签名栏尚为空白、不含${words.thisPage}的未签署版 PDF 文件。` +
      `本文件第 1 至 ${agreementPages} 页为协议正文，除签名栏填入${words.signers}的签署信息外，内容与该未签署版一致。`,
  )
  heading('核验方法', 12)
  para(`1. 取得未签署版协议 PDF 文件：${party}签署前下载的文件，或向甲方索取系统留存的未签署版文件。`)
  para('2. 计算该文件的 SHA-256 摘要：Windows 执行 certutil -hashfile 文件名.pdf SHA256；macOS 执行 shasum -a 256 文件名.pdf；Linux 执行 sha256sum 文件名.pdf。')
  para(`3. 计算结果与本证书所列摘要完全一致（不区分大小写），即表明${party}签署时阅读的协议内容未被改动；不一致的，请联系甲方或学校核查。`)
}
