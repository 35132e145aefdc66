import { parseArgs } from 'node:util'
import { systemClock } from './china-time.js'
import { ConfigError, loadConfig } from './config.js'
import { createDatabase } from './db/index.js'
import { migrateToLatest } from './db/migrate.js'
import { loadDemoData } from './demo.js'
import { AppError } from './errors.js'
import { ensureAdmin } from './modules/accounts/service.js'

const USAGE = `usage: npm run cli -- <command> [options]
  migrate                                   apply pending migrations
  create-admin --login L --password P [--name N]
                                            create the first platform admin (or set ADMIN_PASSWORD instead of --password)
  demo-data                                 load the demo dataset into an empty database`

async function main(argv: string[]) {
  const [command, ...rest] = argv
  const { values } = parseArgs({ args: rest, options: { login: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } })
  if (!command || !['migrate', 'create-admin', 'demo-data'].includes(command)) {
    console.error(USAGE)
    return 2
  }
  const config = loadConfig()
  const database = await createDatabase(config)
  try {
    const applied = await migrateToLatest(database.db)
    if (command === 'migrate') {
      console.log(`migrations applied: ${applied.results?.map((r) => r.migrationName).join(', ') || 'none (up to date)'}`)
    } else if (command === 'create-admin') {
      const login = values.login ?? process.env.ADMIN_LOGIN
      const password = values.password ?? process.env.ADMIN_PASSWORD
      if (!login || !password) {
        console.error('create-admin needs --login and --password (or ADMIN_LOGIN and ADMIN_PASSWORD)')
        return 2
      }
      const { user } = await ensureAdmin(database.db, { login: login.trim().toLowerCase(), password, name: values.name }, systemClock.now(), { strict: true })
      console.log(`admin created: ${user.login} (${user.id})`)
    } else {
      const demo = await loadDemoData({ config, db: database.db, realClock: systemClock })
      console.log(demo ? `demo data ready: /p/${demo.slug}, password ${demo.password}` : 'the database already holds data; demo data not loaded')
    }
    return 0
  } finally {
    await database.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError || err instanceof AppError) console.error(err.message)
    else console.error(err)
    process.exit(1)
  },
)
