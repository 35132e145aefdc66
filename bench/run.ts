// `npm run bench [name…]`: runs each bench script in its own process, one after another, so
// one benchmark's memory and JIT state never colours the next.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const wanted = process.argv.slice(2)
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .map((f) => f.replace(/\.ts$/, ''))
  .sort()
const chosen = wanted.length ? all.filter((n) => wanted.includes(n)) : all
let failed = 0
for (const name of chosen) {
  console.log(`\n=== bench/${name} ===`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', `${dir}${name}.ts`], { stdio: 'inherit' })
  if (run.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
