import { z } from 'zod'

export const CommitteeParams = z.object({ committeeId: z.uuid() })
export const PublishBody = z.object({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
    .describe('The month to publish: the one after the last published'),
})
export const SlugParams = z.object({ slug: z.string().min(1).max(63) })
export const PublicPeriodParams = z.object({
  slug: z.string().min(1).max(63),
  period: z.string().regex(/^(\d{4}-(0[1-9]|1[0-2])|settlement-[0-9a-f-]{36})$/, 'a month YYYY-MM, or settlement-<planId>'),
})

export const StatementOut = z.object({
  seq: z.number().int().describe('Place in the committee’s chain'),
  kind: z.enum(['month', 'settlement']),
  period: z.string(),
  planId: z.uuid().nullable(),
  hash: z.string().describe('SHA-256(previousHash + RFC 8785 canonical JSON of the statement)'),
  previousHash: z.string().describe('"" for the first statement'),
  publishedAt: z.date(),
  statement: z.record(z.string(), z.unknown()).optional(),
})

/** A published statement as downloaded (getPublicStatement, .json): the statement exactly as hashed, with its place in the chain. */
export const PublicStatementDocument = z.object({
  seq: z.number().int().describe('Place in the committee’s chain'),
  kind: z.enum(['month', 'settlement']),
  period: z.string(),
  previousHash: z.string().describe('"" for the first statement'),
  hash: z.string().describe('SHA-256(previousHash + RFC 8785 canonical JSON of the statement)'),
  statement: z.record(z.string(), z.unknown()).describe('The statement, its keys in RFC 8785 order: hash it as it stands'),
})

export const StatementListOut = z.object({ items: z.array(StatementOut) })
export const PublicListOut = z.object({ committee: z.object({ name: z.string(), slug: z.string(), school: z.string() }), items: z.array(StatementOut) })

export const VerifyOut = z.object({
  committee: z.object({ name: z.string(), slug: z.string() }),
  valid: z.boolean(),
  statements: z.number().int(),
  lastHash: z.string().nullable().optional(),
  firstMismatch: z.object({ seq: z.number().int(), kind: z.string(), period: z.string(), problem: z.string() }).nullable(),
  algorithm: z.array(z.string()),
})
