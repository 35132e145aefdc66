import t from 'tap'
import { breakLines, segments } from '../../src/pdf/line-break.js'

// Every character is 1 wide, so a width is a character count and the expected lines are readable.
const lines = (text: string, width: number) => breakLines(text, width, (s) => [...s].length).map((l) => l.text)

t.test('Chinese breaks between any two characters', async (t) => {
  t.same(lines('甲乙丙丁戊己庚辛', 3), ['甲乙丙', '丁戊己', '庚辛'])
})

t.test('closing punctuation never starts a line; it goes up with the character before it', async (t) => {
  t.same(lines('甲乙丙，丁戊', 3), ['甲乙', '丙，丁', '戊'])
  t.same(lines('甲乙丙。”丁', 3), ['甲乙', '丙。”', '丁'])
  t.same(lines('周一至周五16:30—18:00', 6), ['周一至周五', '16:30—', '18:00'])
})

t.test('opening punctuation never ends a line; it goes down with the character after it', async (t) => {
  t.same(lines('甲乙（丙丁）', 3), ['甲乙', '（丙', '丁）'])
  t.same(lines('甲乙《丙》', 3), ['甲乙', '《丙》'])
})

t.test('Latin words, numbers and their punctuation stay whole; spaces at a break are dropped', async (t) => {
  t.same(lines('AppleWebKit/605.1.15 (KHTML, like Gecko)', 21), ['AppleWebKit/605.1.15', '(KHTML, like Gecko)'])
  t.same(lines('费用300.00元', 6), ['费用', '300.00', '元'], 'a number longer than the room left moves down whole')
  t.same(lines('a b  c', 1), ['a', 'b', 'c'])
})

t.test('a word longer than a line is broken between characters', async (t) => {
  t.same(lines('0123456789abcdef', 6), ['012345', '6789ab', 'cdef'])
  t.same(lines('哈希 0123456789', 4), ['哈希', '0123', '4567', '89'])
})

t.test('newlines force breaks and the last line of each paragraph is marked', async (t) => {
  const out = breakLines('甲乙丙丁\n戊', 3, (s) => [...s].length)
  t.same(
    out.map((l) => [l.text, l.last]),
    [
      ['甲乙丙', false],
      ['丁', true],
      ['戊', true],
    ],
  )
  t.same(
    out.map((l) => l.width),
    [3, 1, 1],
  )
})

t.test('variation selectors and combining marks are never split from their character', async (t) => {
  t.same(segments('甲乙\uFE00丙 Cafe\u0301s'), ['甲', '乙\uFE00', '丙', ' ', 'Cafe\u0301s'])
  t.same(segments('葛\u{E0100}'), ['葛\u{E0100}'], 'an ideographic variation sequence (异体字) stays whole')
})
