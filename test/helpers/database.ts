import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createPglite, createPostgres, type Database } from '../../src/db/index.js'
import { MIGRATIONS_DIR, migrateToLatest } from '../../src/db/migrate.js'

/**
 * Migrate once per run, then copy: a dumped data directory on PGlite, a template database on
 * PostgreSQL. The template is keyed by the migrations' content, so a changed migration never
 * reuses a stale template.
 */
export function migrationsKey(): string {
  const h = createHash('sha256')
  for (const f of readdirSync(MIGRATIONS_DIR).sort()) h.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)))
  return h.digest('hex').slice(0, 16)
}

const pgliteTemplatePath = () => join(tmpdir(), `jiawei-test-template-${migrationsKey()}.tar`)

export async function ensurePgliteTemplate(): Promise<string> {
  const path = pgliteTemplatePath()
  // Test files start in parallel processes: the first one to take the lock builds the
  // template, the others wait for the file (a lock older than two minutes is a crashed builder).
  const lock = `${path}.lock`
  for (let _waited = 0; !existsSync(path); _waited += 100) {
    let fd: number | undefined
    try {
      fd = openSync(lock, 'wx')
    } catch {
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000) rmSync(lock, { force: true })
      await new Promise((r) => setTimeout(r, 100))
      continue
    }
    try {
      if (!existsSync(path)) await buildPgliteTemplate(path)
    } finally {
      closeSync(fd)
      rmSync(lock, { force: true })
    }
  }
  return path
}

async function buildPgliteTemplate(path: string) {
  const database = await createPglite()
  await migrateToLatest(database.db)
  const dump = await database.client!.dumpDataDir('none')
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()))
  renameSync(tmp, path)
  await database.close()
}

export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

const pgTemplateName = () => `jiawei_tpl_${migrationsKey()}`

/**
 * Builds this migration set's template if it is missing, with the connection's advisory lock held
 * (the caller's). Several worktrees may test against one server, each with its own migrations:
 * each drops the others' templates and rebuilds its own, so the check, the build and the copy
 * (freshDatabase) all happen under one lock, and a template is never dropped mid-copy.
 */
async function ensurePostgresTemplateLocked(admin: pg.Client, url: string): Promise<string> {
  const name = pgTemplateName()
  const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
  if (found.rowCount === 0) {
    // Templates of other migration sets are left from earlier runs (or other worktrees); drop them.
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'jiawei_tpl_%'`)
    for (const row of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${name}_building"`)
    const building = createPostgres(withDatabase(url, `${name}_building`), 1)
    try {
      await migrateToLatest(building.db)
    } finally {
      await building.close()
    }
    await admin.query(`ALTER DATABASE "${name}_building" RENAME TO "${name}"`)
  }
  return name
}

export async function ensurePostgresTemplate(url: string): Promise<string> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query('SELECT pg_advisory_lock(4242)')
    return await ensurePostgresTemplateLocked(admin, url)
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)').catch(() => {})
    await admin.end()
  }
}

/**
 * Creates a PostgreSQL database `name` as a copy of this migration set's template, the check and
 * the copy under the advisory lock, so another worktree cannot drop the template in between.
 */
export async function copyMigratedTemplate(url: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    await admin.query('SELECT pg_advisory_lock(4242)')
    const template = await ensurePostgresTemplateLocked(admin, url)
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`)
  } finally {
    await admin.query('SELECT pg_advisory_unlock(4242)').catch(() => {})
    await admin.end()
  }
}

/** A fresh, migrated, empty database for one test file. */
export async function freshDatabase(): Promise<Database> {
  const url = testDatabaseUrl()
  if (!url) {
    const path = await ensurePgliteTemplate()
    return createPglite({ loadDataDir: new Blob([readFileSync(path)]) })
  }
  const name = `jiawei_t_${randomBytes(6).toString('hex')}`
  await copyMigratedTemplate(url, name)
  const database = createPostgres(withDatabase(url, name), 5)
  return {
    ...database,
    close: async () => {
      await database.close()
      await dropWhenIdle(url, name)
    },
  }
}

/**
 * pool.end() resolves before the server has let go of the backends; DROP … WITH (FORCE) then
 * kills one mid-exit and its client sees 57P01. Wait for the sessions to go, force only at last.
 */
async function dropWhenIdle(url: string, name: string) {
  const a = new pg.Client({ connectionString: url })
  await a.connect()
  try {
    for (let i = 0; i < 50; i++) {
      const busy = await a.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name])
      if (busy.rows[0].n === 0) break
      await new Promise((r) => setTimeout(r, 20))
    }
    await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  } finally {
    await a.end()
  }
}
