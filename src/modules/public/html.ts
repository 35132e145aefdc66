import { createHash } from 'node:crypto'
import { contentSecurityPolicy } from '../../http/security.js'

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Every value put into a public page passes through here. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESC[c]!)
}

// The pages' only style, allowed by its hash in the Content-Security-Policy (src/app.ts): no
// inline style or script gets in by a blanket 'unsafe-inline'.
const STYLE = `
  body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2937; background: #f8fafc; }
  header { background: #b91c1c; color: #fff; padding: 1.5rem 1rem; }
  header h1 { margin: 0; font-size: 1.5rem; }
  header p { margin: .25rem 0 0; opacity: .9; }
  main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
  section { background: #fff; border: 1px solid #e5e7eb; border-radius: .5rem; padding: 1rem 1.25rem; margin: 1rem 0; }
  h2 { font-size: 1.1rem; margin: 0 0 .5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .35rem; border-bottom: 1px solid #e5e7eb; }
  th:first-child, td:first-child { white-space: nowrap; }
  .num { text-align: right; font-variant-numeric: tabular-nums; }
  .muted { color: #4b5563; }
  caption { text-align: left; font-weight: 600; padding: .75rem 0 .25rem; }
  ul.statements { padding-left: 1.1rem; }
  ul.statements li { margin: .5rem 0; }
  .hash { font-family: ui-monospace, monospace; font-size: .8rem; word-break: break-all; }
  a { color: #1d4ed8; }
  details { margin-top: .75rem; }
  @media (max-width: 420px) { section { padding: .75rem .75rem; } table { font-size: .85rem; } }
  footer { text-align: center; color: #6b7280; font-size: .85rem; padding: 2rem 1rem; }
`

/** The CSP source that allows exactly this style block's text. */
export const styleSource = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`

/** The CSP source that allows STYLE and nothing else. */
export const PAGE_STYLE_SOURCE = styleSource(STYLE)

/**
 * The Content-Security-Policy of a page that has a style block of its own besides the common one,
 * or a form posting back to this server (the default policy, src/http/security.ts, allows neither).
 * Compute it once per page kind: it hashes the styles.
 */
export function pagePolicy(opts: { styles?: string[]; forms?: boolean }): string {
  return contentSecurityPolicy({ styleSources: [PAGE_STYLE_SOURCE, ...(opts.styles ?? []).map(styleSource)], forms: opts.forms ?? false })
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<footer>家委 Jiawei · 信息由家长委员会公开，学校监督</footer>
</body>
</html>`
}
