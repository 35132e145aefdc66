import t from 'tap'
import { decodeText, ImportFileError } from '../../src/modules/reconciliation/index.js'
import { encodeGbk } from './fixtures.js'

const utf8 = (s: string) => new TextEncoder().encode(s)

t.test('UTF-8 with or without BOM, GBK, GB18030', async (t) => {
  t.equal(decodeText(utf8('\ufeff交易时间,金额\n')), '交易时间,金额\n', 'the BOM is dropped')
  t.equal(decodeText(utf8('交易时间,金额\n')), '交易时间,金额\n')
  t.equal(decodeText(encodeGbk('交易时间,金额（元）,￥1,234.56\r\n')), '交易时间,金额（元）,￥1,234.56\r\n')
  // 𠀀 needs GB18030's four-byte form; a GBK file never has it, GB18030 may.
  t.equal(decodeText(new Uint8Array([0xd5, 0xc5, 0x95, 0x32, 0x82, 0x36])), '张𠀀')
  t.equal(decodeText(new Uint8Array([0xff, 0xfe, 0xa4, 0x4e, 0x13, 0x66])), '交易', 'UTF-16 as Excel saves "Unicode text"')
})

t.test('a file that is neither, or garbled, is refused with the line', async (t) => {
  const gbkLines = encodeGbk('交易时间,金额\n2025-09-01,1.00\n')
  const bad = new Uint8Array([...gbkLines, 0x81, 0xff, 0x0a])
  t.throws(() => decodeText(bad), { name: 'ImportFileError', code: 'wrong-encoding', line: 3 })

  const mojibake = utf8('ok line\nå¾®ä¿¡æ\u0094¯ä»\u0098,1\n')
  t.throws(() => decodeText(mojibake), { code: 'wrong-encoding', line: 2, message: /line 2: the text is garbled/ })
  t.throws(() => decodeText(utf8('a,b\n锟斤拷,1\n')), { code: 'wrong-encoding', line: 2 })
  t.throws(() => decodeText(utf8('a,b\nc\u0000d\n')), { code: 'wrong-encoding', line: 2 }, 'NUL bytes: a binary file')

  const damaged = utf8('交易时间,交易类型,交易对方,商品\n2025-09-01,转账,刘爸,托管费\n')
  const cut = new Uint8Array([...damaged.subarray(0, damaged.length - 5), 0xe5, 0x0a])
  t.throws(() => decodeText(cut), { code: 'wrong-encoding', line: 2, message: /UTF-8 text with damaged bytes/ })

  t.throws(() => decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xc3, 0x28])), { code: 'wrong-encoding', line: 2, message: /says UTF-8/ })
  t.throws(() => decodeText(new Uint8Array()), { code: 'empty-file' })
  t.throws(() => decodeText(new Uint8Array([0xff])), ImportFileError)
})
