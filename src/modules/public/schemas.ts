import { z } from 'zod'

/** The agreement itself, sent as application/pdf; the meta makes OpenAPI show a binary string. */
const AgreementPdf = z.custom<Buffer>((v) => Buffer.isBuffer(v), 'send the agreement PDF as application/pdf').meta({ type: 'string', format: 'binary' })

export const VerifyAgreementBody = z.union([
  z.object({
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
      .describe('SHA-256 of the agreement PDF (x-document-sha256 of getAgreementPdf), or of the text the guardian signed (documentSha256 of the enrollment)'),
  }),
  AgreementPdf,
])

export const VerifyAgreementOut = z.object({
  genuine: z.boolean().describe('A care agreement signed through Jiawei has exactly these bytes'),
  matched: z
    .enum(['signed-agreement', 'unsigned-text'])
    .optional()
    .describe('signed-agreement: the signed PDF with its certificate page; unsigned-text: the unsigned document the guardian read and signed'),
  signedAt: z.date().optional(),
  agreementNo: z.string().nullable().optional().describe('协议编号, e.g. JW-2026-000123'),
  committee: z.object({ name: z.string() }).optional().describe('甲方'),
  school: z.object({ name: z.string() }).optional(),
  term: z.object({ name: z.string(), startsOn: z.string(), endsOn: z.string() }).optional(),
  planVersion: z.number().int().optional().describe('The version of the care plan the school approved and the family signed'),
  status: z.enum(['awaiting_agreement', 'active', 'withdrawn']).optional().describe('active: in care; withdrawn: the family has left care'),
})
