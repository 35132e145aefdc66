import t from 'tap'
import { renderTemplate } from '../../src/pdf/render.js'
import { type Block, fillTemplate, loadTemplate, parseTemplate } from '../../src/pdf/template.js'
import { CREATION_DATE } from './fixtures.js'

const fill = (source: string, data: object) => fillTemplate(parseTemplate(source, 'test'), data)
const texts = (blocks: Block[]) => blocks.map((b) => ('text' in b ? b.text : b.kind))

t.test('markup: title, heading, paragraphs joined without spaces, list items', async (t) => {
  const blocks = fill('# 协议\n\n## 一、学生\n第一行\n第二行\n\n- 甲\n- 乙\n', {})
  t.same(blocks, [
    { kind: 'title', text: '协议' },
    { kind: 'heading', text: '一、学生' },
    { kind: 'paragraph', text: '第一行第二行' },
    { kind: 'item', text: '甲' },
    { kind: 'item', text: '乙' },
  ])
})

t.test('placeholders take values by path, from list items first', async (t) => {
  const source = '姓名：{{student.name}}\n{{#each persons}}\n- {{name}}（{{student.name}}的{{relation}}）\n{{/each}}\n{{#each tags}}\n- {{this}}\n{{/each}}'
  const blocks = fill(source, {
    student: { name: '王小明' },
    persons: [
      { name: '李秀英', relation: '母亲' },
      { name: '王德福', relation: '祖父' },
    ],
    tags: ['阅读', '体育'],
  })
  t.same(texts(blocks), ['姓名：王小明', '李秀英（王小明的母亲）', '王德福（王小明的祖父）', '阅读', '体育'])
})

t.test('conditions choose a branch; null, false and empty lists are false', async (t) => {
  const source = '{{#if waiver}}\n免收\n{{else}}\n收费\n{{/if}}'
  t.same(texts(fill(source, { waiver: { no: '1' } })), ['免收'])
  t.same(texts(fill(source, { waiver: null })), ['收费'])
  t.same(texts(fill(source, { waiver: false })), ['收费'])
  t.same(texts(fill(source, { waiver: [] })), ['收费'])
})

t.test('a missing value throws an error naming it, never prints "undefined"', async (t) => {
  t.throws(() => fill('姓名：{{student.name}}', { student: {} }), /line 1: no value for \{\{student\.name\}\}/)
  t.throws(() => fill('\n电话：{{guardian.phone}}', { guardian: { phone: null } }), /line 2: .*guardian\.phone/)
  t.throws(() => fill('{{#if waivr}}\nx\n{{/if}}', { waiver: null }), /no value for \{\{#if waivr\}\}/, 'typo in a condition')
  t.throws(() => fill('{{student}}', { student: { name: 'x' } }), /is a object, not text/)
  t.throws(() => fill('{{#each persons}}\n- x\n{{/each}}', { persons: 'x' }), /needs a list/)
})

t.test('a missing value throws from renderTemplate before any PDF is made', async (t) => {
  await t.rejects(renderTemplate('care-agreement', { agreementNo: 'x' }, { creationDate: CREATION_DATE, title: 't' }), /template "care-agreement" line \d+: no value for \{\{/)
})

t.test('values are text: they cannot become markup or placeholders', async (t) => {
  const evil = '# 标题\n- 项目 {{secret}} {{#if x}}'
  const blocks = fill('- 备注：{{note}}', { note: evil, secret: '密' })
  t.same(blocks, [{ kind: 'item', text: `备注：${evil}` }])
})

t.test('malformed templates are refused with the line number', async (t) => {
  t.throws(() => parseTemplate('a\n{{#if x}}\nb', 'bad'), /template "bad" line 2: \{\{#if x\}\} is never closed/)
  t.throws(() => parseTemplate('{{/each}}', 'bad'), /does not close an open block/)
  t.throws(() => parseTemplate('{{#if x}}\n{{/each}}', 'bad'), /does not close an open block/)
  t.throws(() => parseTemplate('{{else}}', 'bad'), /outside \{\{#if\}\}/)
  t.throws(() => parseTemplate('text {{#if x}} inline', 'bad'), /line 1: .*not a value path/)
  t.throws(() => parseTemplate('text {{ name', 'bad'), /unbalanced/)
})

t.test('comments are dropped; templates are parsed once', async (t) => {
  t.same(fill('{{! a note for template authors }}\n正文', {}), [{ kind: 'paragraph', text: '正文' }])
  t.equal(loadTemplate('care-agreement'), loadTemplate('care-agreement'))
  t.throws(() => loadTemplate('../package'), /bad template name/)
})
