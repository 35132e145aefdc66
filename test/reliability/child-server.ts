// A real Jiawei server for the crash tests: src/server.ts's path (config from the environment,
// the database, the app, listen), with one difference a test needs: the clock starts at
// CHILD_CLOCK_START (an ISO instant), so a term prepared in the database can be settled on its
// last day. This file is test-only; production's clock is the system clock and nothing moves it.
// It prints "listening <port>" once it accepts requests.
import { buildApp } from '../../src/app.js'
import { MovableClock } from '../../src/china-time.js'
import { loadConfig } from '../../src/config.js'
import { createDatabase } from '../../src/db/index.js'
import { migrateToLatest } from '../../src/db/migrate.js'

const config = loadConfig()
const database = await createDatabase(config)
await migrateToLatest(database.db)
const app = await buildApp({ config, db: database.db, clock: new MovableClock(process.env.CHILD_CLOCK_START) })
await app.listen({ port: config.port, host: '127.0.0.1' })
const address = app.server.address()
console.log(`listening ${typeof address === 'object' && address ? address.port : config.port}`)
