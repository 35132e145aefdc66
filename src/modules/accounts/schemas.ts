import { z } from 'zod'

export const Login = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{2,63}$/, 'use 3–64 letters, digits, dot, dash, underscore or @')
export const Password = z.string().min(10, 'must be at least 10 characters').max(200)
export const Phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'must be a phone number')

export const UserOut = z.object({
  id: z.uuid(),
  login: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  isAdmin: z.boolean(),
  createdAt: z.date(),
})
export type UserOut = z.infer<typeof UserOut>

export const CreateUserBody = z.object({
  login: Login,
  password: Password,
  name: z.string().trim().min(1).max(100),
  phone: Phone.optional(),
  inviteCode: z.string().trim().min(4).max(64).optional().describe('A committee invite code: lets a parent register without an admin'),
})
export type CreateUserInput = z.infer<typeof CreateUserBody>

export const LoginBody = z.object({ login: z.string().trim().toLowerCase().min(1).max(64), password: z.string().min(1).max(200) })
export const LoginOut = z.object({ token: z.string(), expiresAt: z.date(), user: UserOut })

export const Role = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('admin') }),
  z.object({ kind: z.literal('reviewer'), schoolId: z.uuid() }),
  z.object({ kind: z.literal('school-finance'), schoolId: z.uuid() }),
  z.object({ kind: z.literal('committee'), committeeId: z.uuid(), schoolId: z.uuid(), role: z.enum(['chair', 'treasurer', 'auditor', 'member', 'parent']) }),
])
export const MeOut = z.object({ user: UserOut, roles: z.array(Role) })
