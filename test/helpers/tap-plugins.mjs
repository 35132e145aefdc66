// npm's pretest: tap ships its Test class built with the TypeScript plugin, which loads ts-node
// and crashes under TypeScript 7. package.json removes that plugin (tests load through tsx), but
// tap only rebuilds the class after a run, so on a fresh install the first `npm test` would fail.
// Rebuild it here when the installed build still has the plugin (once per install, ~15 s).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const built = join(process.cwd(), 'node_modules/@tapjs/test/test-built/dist/esm/index.js')
if (existsSync(built) && readFileSync(built, 'utf8').includes('from "@tapjs/typescript"')) {
  console.log('tap: rebuilding its Test class without the TypeScript plugin (first run after install)')
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tap', 'build'], { stdio: 'inherit' })
}
