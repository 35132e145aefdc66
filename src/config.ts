import { z } from 'zod'

const port = z.coerce.number().int().min(0).max(65535)

const ConfigSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_BASE_URL: z.url().optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .positive()
    .max(24 * 90)
    .default(12),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  REDIS_URL: z.string().optional(),
  ADMIN_LOGIN: z.string().min(3).optional(),
  ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  DEMO_DATA: z.enum(['auto', 'on', 'off']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be a comma-separated list of origins such as https://school.example (no path, no *)'))),
})

export type Config = {
  port: number
  host: string
  databaseUrl: string | undefined
  dataDir: string
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL']
  publicBaseUrl: string
  sessionTtlMs: number
  loginRateLimitPerMinute: number
  redisUrl: string | undefined
  admin: { login: string; password: string } | undefined
  demoData: 'auto' | 'on' | 'off'
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (the login rate limit keys on it). */
  trustProxy: boolean
  /** Browser origins allowed to call the API (CORS); empty: no cross-origin calls at all. */
  corsOrigins: string[]
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Environment → typed config. Empty strings count as unset, the way shells and .env files mean them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = ConfigSchema.safeParse(cleaned)
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`))
  }
  const c = parsed.data
  if ((c.ADMIN_LOGIN === undefined) !== (c.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(['ADMIN_LOGIN and ADMIN_PASSWORD: set both or neither'])
  }
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    logLevel: c.LOG_LEVEL,
    publicBaseUrl: (c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    sessionTtlMs: c.SESSION_TTL_HOURS * 3600_000,
    loginRateLimitPerMinute: c.LOGIN_RATE_LIMIT_PER_MINUTE,
    redisUrl: c.REDIS_URL,
    admin: c.ADMIN_LOGIN && c.ADMIN_PASSWORD ? { login: c.ADMIN_LOGIN, password: c.ADMIN_PASSWORD } : undefined,
    demoData: c.DEMO_DATA,
    trustProxy: c.TRUST_PROXY === 'true',
    corsOrigins: c.CORS_ORIGINS,
  }
}
