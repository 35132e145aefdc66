import t from 'tap'
import { renderBlocks } from '../../src/pdf/render.js'
import { columnWidths } from '../../src/pdf/table.js'
import { fillTemplate, parseTemplate, type TableBlock } from '../../src/pdf/template.js'
import { extractItems, extractPages } from './extract-text.js'
import { CREATION_DATE } from './fixtures.js'

const fill = (source: string, data: object) => fillTemplate(parseTemplate(source, 'test'), data)
const TABLE = `{{#table}}
| 日期 | 收款方 | 金额（元） |
| :-- | :-: | --: |
{{#each rows}}
| {{date}} | {{payee}} | {{amount}} |
{{/each}}
{{#if total}}
| 合计 | | {{total}} |
{{/if}}
{{/table}}`

t.test('a table has a header, alignments, rows from {{#each}} and rows guarded by {{#if}}', async (t) => {
  const blocks = fill(`前言\n${TABLE}\n结语`, {
    rows: [
      { date: '9月1日', payee: '文具店', amount: '12.50' },
      { date: '9月2日', payee: '书店', amount: '80.00' },
    ],
    total: '92.50',
  })
  t.same(blocks, [
    { kind: 'paragraph', text: '前言' },
    {
      kind: 'table',
      align: ['left', 'center', 'right'],
      header: ['日期', '收款方', '金额（元）'],
      rows: [
        ['9月1日', '文具店', '12.50'],
        ['9月2日', '书店', '80.00'],
        ['合计', '', '92.50'],
      ],
    },
    { kind: 'paragraph', text: '结语' },
  ])
  const empty = fill(TABLE, { rows: [], total: null })[0] as TableBlock
  t.same(empty.rows, [], 'no rows: the header alone')
})

t.test('table values follow the same rules: missing is an error, values are text', async (t) => {
  t.throws(() => fill(TABLE, { rows: [{ date: 'x', payee: 'y' }], total: null }), /line 5: no value for \{\{amount\}\}/)
  t.throws(() => fill(TABLE, { total: null }), /no value for \{\{#each rows\}\}/)
  const evil = '| 伪造 | 单元格 |\n# 标题'
  const [table] = fill(TABLE, { rows: [{ date: evil, payee: '{{total}}', amount: '1' }], total: null }) as TableBlock[]
  t.same(table!.rows, [[evil, '{{total}}', '1']], 'a | or newline in a value stays inside its cell')
})

t.test('malformed tables are refused with the line number', async (t) => {
  const bad = (source: string) => () => parseTemplate(source, 'bad')
  t.throws(bad('{{#table}}\n| a | b |\n| :-- |\n{{/table}}'), /line 3: this row has 1 cells, the header 2/)
  t.throws(bad('{{#table}}\n| a | b |\n| left | right |\n{{/table}}'), /line 3: the second row of a table gives each column's alignment/)
  t.throws(bad('{{#table}}\n| a |\n{{/table}}'), /line 3: a table needs a header row and an alignment row/)
  t.throws(bad('{{#table}}\n| a |\n| :-- |\n正文\n{{/table}}'), /line 4: inside \{\{#table\}\} every line is a row/)
  t.throws(bad('{{#table}}\n| a |\n| :-- |\n| b\n{{/table}}'), /line 4: a table row starts and ends with \|/)
  t.throws(bad('| a | b |'), /line 1: a table row outside \{\{#table\}\}/)
  t.throws(bad('{{#table}}\n| a |\n{{#if x}}\n| :-- |\n{{/if}}\n{{/table}}'), /alignment row .* follows the header directly/)
  t.throws(bad('{{#table}}\n| a |\n| :-- |\n{{#table}}'), /cannot contain another table/)
  t.throws(bad('{{#table rows}}\n| a |\n| :-- |\n{{/table}}'), /\{\{#table\}\} takes no argument/)
  t.throws(bad('{{#table}}\n| a |\n| :-- |'), /line 1: \{\{#table\}\} is never closed/)
})

t.test('column widths fill the width, give numbers their room and wrap the long text', async (t) => {
  const widths = columnWidths(['日期', '说明', '金额'], [['2026年9月1日', '很长的说明'.repeat(30), '123456.78']], 400)
  t.equal(Math.round(widths.reduce((a, b) => a + b, 0)), 400, 'the table spans the width')
  t.ok(widths[1]! > widths[0]! && widths[1]! > widths[2]!, 'the long text column gets the most room')
  const narrow = columnWidths(['a', 'b'], [['1', '2']], 400)
  t.equal(Math.round(narrow[0]! + narrow[1]!), 400, 'short tables are spread out too')
})

const rowsOf = (n: number, note = '') => Array.from({ length: n }, (_, i) => [`9月${(i % 30) + 1}日`, `收款方${i}${note}`, `${i}.00`])
const renderTable = (rows: string[][]) =>
  renderBlocks(
    [
      { kind: 'paragraph', text: '支出明细' },
      { kind: 'table', align: ['left', 'left', 'right'], header: ['日期', '收款方', '金额（元）'], rows },
    ],
    { creationDate: CREATION_DATE, title: 'table' },
  )

t.test('a table that breaks across pages repeats its header on every page', async (t) => {
  const pages = await extractPages(await renderTable(rowsOf(120)))
  t.ok(pages.length >= 3, `${pages.length} pages`)
  t.match(pages[0]!, /^支出明细日期 ?收款方 ?金额（元）/, 'header under the heading on page 1')
  for (const [i, page] of pages.slice(1).entries()) t.match(page, /^日期 ?收款方 ?金额（元）/, `header first on page ${i + 2}`)
  const all = pages.join('')
  for (const i of [0, 59, 119]) t.ok(all.includes(`收款方${i}`), `row ${i} printed`)
})

t.test('numbers are right-aligned: every amount ends at the same x', async (t) => {
  const [page] = await extractItems(await renderTable(rowsOf(8)))
  const amounts = page!.filter((item) => /^\d+\.00$/.test(item.str))
  t.equal(amounts.length, 8)
  const ends = new Set(amounts.map((a) => (a.x + a.width).toFixed(1)))
  t.equal(ends.size, 1, `right edges ${[...ends].join(', ')}`)
})

t.test('a long cell wraps inside its column and a row taller than a page continues on the next', async (t) => {
  const long = '托管服务人员劳务费说明'.repeat(12)
  const wrapped = await extractItems(await renderTable([['9月1日', long, '1.00']]))
  const lines = wrapped[0]!.filter((i) => i.str.startsWith('托') || i.str.includes('劳务'))
  t.ok(lines.length > 1, 'the long text takes several lines')
  const huge = '很长'.repeat(1500)
  const pages = await extractPages(
    await renderTable([
      ['9月1日', huge, '1.00'],
      ['9月2日', '书店', '2.00'],
    ]),
  )
  t.ok(pages.length >= 2, 'the row continues on a new page')
  t.equal(pages.join('').split('很').length - 1, 1500, 'nothing of it is lost')
  t.ok(pages.at(-1)!.includes('书店'), 'the next row follows')
})

t.test('a row that fits on a page is never split between two pages', async (t) => {
  const note = '（收款方名称较长，需要在单元格内换行显示）'.repeat(3)
  const rows = rowsOf(60, note)
  const pages = await extractPages(await renderTable(rows))
  t.ok(pages.length >= 3, `${pages.length} pages`)
  const flat = pages.map((p) => p.replace(/\s+/g, ''))
  for (const [, payee] of rows)
    t.ok(
      flat.some((p) => p.includes(payee!)),
      `${payee!.slice(0, 6)} on one page`,
    )
})
