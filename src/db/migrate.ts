import { readdir } from 'node:fs/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely'
import type { Db } from './index.js'

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** Numbered files `0001_name.ts` (or `.js` once built), applied in name order. */
class NumberedFileProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_[\w-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    const out: Record<string, Migration> = {}
    for (const file of files.sort()) {
      out[file.replace(/\.(ts|js)$/, '')] = (await import(pathToFileURL(MIGRATIONS_DIR + file).href)) as Migration
    }
    return out
  }
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  // 0005 was numbered on a branch and landed after 0006–0009: a database made from the release
  // before it has 0006 and 0007 and now meets 0005, which names no table of theirs, so it runs
  // late safely (test/ops/migration-0005.test.ts upgrades such a database).
  const migrator = new Migrator({ db, provider: new NumberedFileProvider(), allowUnorderedMigrations: true })
  const result = await migrator.migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    const err = new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String((result.error as Error).message ?? result.error)}`)
    ;(err as Error & { cause: unknown }).cause = result.error
    throw err
  }
  return result
}
