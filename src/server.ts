import { systemClock } from './china-time.js'
import { ConfigError, loadConfig } from './config.js'
import { createDatabase } from './db/index.js'
import { holdPortWhileStarting } from './http/startup-probe.js'

async function main() {
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const probe = await holdPortWhileStarting(config.port, config.host)
  // Opening the database (on a fresh embedded one, initdb: seconds of WebAssembly) starts first,
  // and the rest of the app is imported while it runs, so a first start answers sooner.
  const opening = createDatabase(config)
  const [{ buildApp }, { migrateToLatest }, { loadDemoData }, { ensureAdmin }] = await Promise.all([
    import('./app.js'),
    import('./db/migrate.js'),
    import('./demo.js'),
    import('./modules/accounts/service.js'),
  ])
  const database = await opening
  await migrateToLatest(database.db)
  if (config.admin) await ensureAdmin(database.db, config.admin, systemClock.now())
  const app = await buildApp({ config, db: database.db, clock: systemClock })

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000).unref()
    try {
      await app.close()
      await database.close()
      clearTimeout(force)
      process.exit(0)
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    }
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.ready()
  await probe.release()
  await app.listen({ port: config.port, host: config.host })
  // Demo data goes in after listening: /health answers at once, and the first PDF render
  // (font parsing) does not hold up start-up.
  const wantDemo = config.demoData === 'on' || (config.demoData === 'auto' && database.kind === 'pglite')
  // A demo that fails to load is reported, and the server keeps serving what there is.
  const demo = wantDemo
    ? await loadDemoData({ config, db: database.db, realClock: systemClock }).catch((err: unknown) => {
        app.log.error({ err }, 'demo data could not be loaded')
        return null
      })
    : null
  const base = config.publicBaseUrl
  const lines = [
    '',
    `Jiawei 家委 is running on ${base}  (database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
    `  API docs:     ${base}/docs`,
    `  OpenAPI:      ${base}/docs/json`,
    `  Health:       ${base}/health`,
  ]
  if (demo) {
    lines.push(`  Public page:  ${base}/p/${demo.slug}`, `  Demo logins (password for all: ${demo.password}):`)
    for (const u of demo.users) lines.push(`    ${u.login.padEnd(10)} ${u.role}`)
    lines.push(`  Try: curl -s -X POST ${base}/api/v1/auth/login -H 'content-type: application/json' -d '{"login":"treasurer","password":"${demo.password}"}'`)
  }
  console.log(`${lines.join('\n')}\n`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
