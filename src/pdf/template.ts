import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * The document markup of templates/*.md (described for template authors in templates/README.md).
 *
 * Structure is decided from the template alone, before any value is filled in: a value typed by
 * a parent ("# …", "- …", "| …", "{{x}}", a newline) is always printed as text and can never
 * become a heading, a list item, a table cell, a block or another placeholder.
 */
export type BlockKind = 'title' | 'heading' | 'paragraph' | 'item'
export type Align = 'left' | 'right' | 'center'
export interface TextBlock {
  kind: BlockKind
  text: string
}
/** Rows are the filled body rows; the header is repeated on every page the table reaches. */
export interface TableBlock {
  kind: 'table'
  align: Align[]
  header: string[]
  rows: string[][]
}
export type Block = TextBlock | TableBlock

type Inline = { text: string } | { path: string }
type TableNode = { kind: 'table'; header?: Inline[][]; align?: Align[]; body: Node[]; line: number }
type Node =
  | { kind: BlockKind; parts: Inline[]; line: number }
  | { kind: 'if'; path: string; then: Node[]; else: Node[]; line: number }
  | { kind: 'each'; path: string; body: Node[]; line: number }
  | TableNode
  | { kind: 'row'; cells: Inline[][]; line: number }

export interface Template {
  name: string
  nodes: Node[]
}

const PATH = /^(?:this|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$/
const DIRECTIVE = /^\{\{\s*(#if|#each|#table|else|\/if|\/each|\/table)\s*([^}]*?)\s*\}\}$/
const COMMENT = /^\{\{!.*\}\}$/
const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g
const PREFIXES: [string, BlockKind][] = [
  ['# ', 'title'],
  ['## ', 'heading'],
  ['- ', 'item'],
]
const ALIGN_CELL = /^(:?)-+(:?)$/

export function parseTemplate(source: string, name: string): Template {
  const fail = (line: number, why: string): never => {
    throw new Error(`template "${name}" line ${line}: ${why}`)
  }
  const inline = (text: string, line: number): Inline[] => {
    const parts: Inline[] = []
    let last = 0
    for (const m of text.matchAll(PLACEHOLDER)) {
      const path = m[1] ?? ''
      if (!PATH.test(path)) fail(line, `"{{${path}}}" is not a value path (blocks go alone on their own line)`)
      if (m.index > last) parts.push({ text: text.slice(last, m.index) })
      parts.push({ path })
      last = m.index + m[0].length
    }
    if (last < text.length) parts.push({ text: text.slice(last) })
    for (const p of parts) if ('text' in p && /\{\{|\}\}/.test(p.text)) fail(line, 'unbalanced {{ or }}')
    return parts
  }

  // `table` is the table a frame is inside, however deep in {{#if}} and {{#each}}.
  type Frame = { into: Node[]; node?: Extract<Node, { kind: 'if' | 'each' | 'table' }>; table?: TableNode }
  const stack: Frame[] = [{ into: [] }]
  let paragraph: Extract<Node, { kind: BlockKind }> | undefined
  const cellsOf = (text: string, line: number): Inline[][] => {
    if (!text.endsWith('|') || text.length < 2) fail(line, 'a table row starts and ends with |')
    return text
      .slice(1, -1)
      .split('|')
      .map((cell) => inline(cell.trim(), line))
  }
  const addRow = (top: Frame, table: TableNode, text: string, line: number) => {
    const cells = cellsOf(text, line)
    const width = table.header?.length ?? cells.length
    if (cells.length !== width) fail(line, `this row has ${cells.length} cells, the header ${width}`)
    if (!table.header) table.header = cells
    else if (!table.align) {
      if (top.node !== table) fail(line, 'the alignment row (| :-- | --: |) follows the header directly')
      table.align = cells.map((cell) => {
        const m = cell.length === 1 && 'text' in cell[0]! ? ALIGN_CELL.exec(cell[0].text) : null
        if (!m) return fail(line, "the second row of a table gives each column's alignment: :--, --: or :-:")
        return m[1] && m[2] ? 'center' : m[2] ? 'right' : 'left'
      })
    } else top.into.push({ kind: 'row', cells, line })
  }
  source.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    const text = raw.trim()
    const top = stack[stack.length - 1]!
    const directive = DIRECTIVE.exec(text)
    if (directive || !text || COMMENT.test(text)) paragraph = undefined
    if (COMMENT.test(text) || !text) return
    if (directive) {
      const [, word = '', arg = ''] = directive
      if (word === '#if' || word === '#each') {
        if (!PATH.test(arg)) fail(line, `{{${word}}} needs a value path, got "${arg}"`)
        // biome-ignore lint/suspicious/noThenProperty: a parsed {{#if}} block, never awaited
        const node: Frame['node'] = word === '#if' ? { kind: 'if', path: arg, then: [], else: [], line } : { kind: 'each', path: arg, body: [], line }
        top.into.push(node)
        stack.push({ into: node.kind === 'if' ? node.then : node.body, node, ...(top.table ? { table: top.table } : {}) })
      } else if (arg) {
        fail(line, `{{${word}}} takes no argument`)
      } else if (word === '#table') {
        if (top.table) fail(line, 'a table cannot contain another table')
        const node: TableNode = { kind: 'table', body: [], line }
        top.into.push(node)
        stack.push({ into: node.body, node, table: node })
      } else if (word === 'else') {
        if (top.node?.kind !== 'if' || top.into === top.node.else) fail(line, '{{else}} outside {{#if}}')
        if (top.node?.kind === 'if') top.into = top.node.else
      } else {
        if (top.node?.kind !== word.slice(1)) fail(line, `{{${word}}} does not close an open block`)
        if (top.node?.kind === 'table' && !top.node.align) fail(line, 'a table needs a header row and an alignment row')
        stack.pop()
      }
      return
    }
    if (top.table) {
      if (!text.startsWith('|')) fail(line, 'inside {{#table}} every line is a row (| … |) or a block directive')
      addRow(top, top.table, text, line)
      return
    }
    if (text.startsWith('|')) fail(line, 'a table row outside {{#table}}')
    const prefix = PREFIXES.find(([p]) => text.startsWith(p))
    if (prefix) {
      top.into.push({ kind: prefix[1], parts: inline(text.slice(prefix[0].length).trim(), line), line })
      paragraph = undefined
    } else if (paragraph) {
      // Consecutive lines form one paragraph, joined without a space: Chinese needs none.
      paragraph.parts.push(...inline(text, line))
    } else {
      paragraph = { kind: 'paragraph', parts: inline(text, line), line }
      top.into.push(paragraph)
    }
  })
  const open = stack[stack.length - 1]?.node
  if (open) fail(open.line, `{{#${open.kind}${'path' in open ? ` ${open.path}` : ''}}} is never closed`)
  return { name, nodes: stack[0]!.into }
}

/** Looks a path up through the enclosing {{#each}} items first, then the outer data. */
function lookup(path: string, scopes: unknown[]): unknown {
  const inner = scopes[scopes.length - 1]
  if (path === 'this') return inner
  const [first = '', ...rest] = path.split('.')
  const owner = [...scopes].reverse().find((s) => typeof s === 'object' && s !== null && Object.hasOwn(s, first))
  let value: unknown = owner === undefined ? undefined : (owner as Record<string, unknown>)[first]
  for (const key of rest) {
    value = typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined
  }
  return value
}

export function fillTemplate(template: Template, data: object): Block[] {
  const out: Block[] = []
  const fail = (line: number, why: string): never => {
    throw new Error(`template "${template.name}" line ${line}: ${why}`)
  }
  const fill = (parts: Inline[], scopes: unknown[], line: number): string =>
    parts
      .map((part) => {
        if ('text' in part) return part.text
        const value = lookup(part.path, scopes)
        if (value === undefined || value === null) fail(line, `no value for {{${part.path}}}`)
        if (typeof value === 'string') return value
        if (typeof value === 'number' && Number.isFinite(value)) return String(value)
        return fail(line, `{{${part.path}}} is a ${typeof value}, not text`)
      })
      .join('')
  // `rows` is the table being filled; the parser allows rows only inside one.
  const walk = (nodes: Node[], scopes: unknown[], rows?: string[][]): void => {
    for (const node of nodes) {
      if (node.kind === 'if' || node.kind === 'each') {
        const value = lookup(node.path, scopes)
        // Absent (undefined) is an error even here: it is almost always a typo in the template.
        if (value === undefined) fail(node.line, `no value for {{#${node.kind} ${node.path}}}`)
        if (node.kind === 'if') {
          const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value)
          walk(truthy ? node.then : node.else, scopes, rows)
        } else {
          if (!Array.isArray(value)) fail(node.line, `{{#each ${node.path}}} needs a list`)
          for (const item of value as unknown[]) walk(node.body, [...scopes, item], rows)
        }
      } else if (node.kind === 'table') {
        const table: TableBlock = { kind: 'table', align: node.align!, header: node.header!.map((c) => fill(c, scopes, node.line)), rows: [] }
        walk(node.body, scopes, table.rows)
        out.push(table)
      } else if (node.kind === 'row') {
        rows!.push(node.cells.map((c) => fill(c, scopes, node.line)))
      } else {
        const text = fill(node.parts, scopes, node.line)
        if (text.trim()) out.push({ kind: node.kind, text })
      }
    }
  }
  walk(template.nodes, [data])
  return out
}

const TEMPLATE_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))
const parsed = new Map<string, Template>()

/** Reads and parses templates/<name>.md once per process. */
export function loadTemplate(name: string): Template {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad template name "${name}"`)
  let template = parsed.get(name)
  if (!template) {
    template = parseTemplate(readFileSync(`${TEMPLATE_DIR}${name}.md`, 'utf8'), name)
    parsed.set(name, template)
  }
  return template
}
