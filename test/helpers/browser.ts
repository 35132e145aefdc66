import { existsSync } from 'node:fs'

const CHROMIUM = '/usr/bin/chromium'

/** Debian's chromium is not on a fresh machine: there a browser test is skipped, never faked. */
export const noBrowser = existsSync(CHROMIUM) ? false : 'Debian chromium not installed'

/** Headless Debian Chromium, closed when the test ends; the flags keep it off this closed network. */
export async function launchChromium(t: { teardown(fn: () => unknown): void }) {
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  t.teardown(() => browser.close())
  return browser
}
