import t from 'tap'
import type { ImportFileError } from '../../src/modules/reconciliation/index.js'
import { cleanCell } from '../../src/modules/reconciliation/normalize-text.js'
import { readCsv } from '../../src/modules/reconciliation/read-csv.js'

t.test('records keep the line they start on', async (t) => {
  t.same(readCsv('a,b\r\nc,d\n'), [
    { line: 1, cells: ['a', 'b'] },
    { line: 2, cells: ['c', 'd'] },
  ])
  t.same(
    readCsv('a,"x\ny",b\nc\n'),
    [
      { line: 1, cells: ['a', 'x\ny', 'b'] },
      { line: 3, cells: ['c'] },
    ],
    'a quoted newline',
  )
  t.same(readCsv('\n\na\n'), [
    { line: 1, cells: [''] },
    { line: 2, cells: [''] },
    { line: 3, cells: ['a'] },
  ])
})

t.test('the cells real exports write', async (t) => {
  t.same(readCsv('"九月托管费,刘小红",x')[0]!.cells, ['九月托管费,刘小红', 'x'], 'quoted comma')
  t.same(readCsv('"say ""hi""",x')[0]!.cells, ['say "hi"', 'x'], 'doubled quote')
  t.same(readCsv('"3985734"\t,"129847129"\t,"/"')[0]!.cells, ['3985734\t', '129847129\t', '/'], "WeChat's tab after the closing quote")
  t.same(readCsv('a ,b,')[0]!.cells, ['a ', 'b', ''], 'trailing comma gives an empty last cell')
  t.same(readCsv('="4200000069201710299246843141",="12,3"')[0]!.cells, ['4200000069201710299246843141', '12,3'], 'Excel\'s ="…" for long ids')
  t.equal(cleanCell('  2023-02-12 21:32:14 \t'), '2023-02-12 21:32:14')
  t.equal(cleanCell('="6230****0001"'), '6230****0001')
  t.equal(cleanCell('\u3000张伟\u00a0'), '张伟')
})

t.test('a quote that never closes is a cut file, named by the line it opened on', async (t) => {
  t.throws(() => readCsv('a,b\nc,"d,e\nf\n'), { code: 'truncated', line: 2 })
  const err = t.throws(() => readCsv('x\n"open')) as unknown as ImportFileError
  t.match(err.message, /^line 2: a quoted cell opened here never closes/)
})
