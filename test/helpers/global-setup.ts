// tap's `before` script: build the migrated template once, before test files start in parallel.
import { ensurePgliteTemplate, ensurePostgresTemplate, testDatabaseUrl } from './database.js'

const url = testDatabaseUrl()
if (url) await ensurePostgresTemplate(url)
else await ensurePgliteTemplate()
