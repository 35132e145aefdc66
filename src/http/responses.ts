import { z } from 'zod'

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe('Stable machine-readable reason, e.g. validation-failed, not-found, fee-above-standard'),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' })

/** The error answers a route can give, all problem+json; list them so the OpenAPI shows them. */
export function problems(...statuses: number[]) {
  return Object.fromEntries([400, 401, ...statuses].map((s) => [s, ProblemSchema])) as Record<number, typeof ProblemSchema>
}

export const bearer = [{ bearerAuth: [] }]
