import fc from 'fast-check'
import t, { type Test } from 'tap'
import {
  allocate,
  FenAmount,
  fenFromInt8,
  fenSchema,
  formatYuan,
  formatYuanGrouped,
  MAX_AMOUNT_FEN,
  MAX_BUDGET_LINE_FEN,
  MAX_BUDGET_TOTAL_FEN,
  MAX_FEE_FEN,
  PositiveFen,
  parseYuan,
  SignedFen,
  sumFen,
  toFen,
  yuanInCapitals,
} from '../../src/money.js'
import { capitalsToFen } from './capitals-reference.js'

// One fixed seed, so a run is repeatable; fast-check's failure message repeats it with the
// shrunk counterexample and its path, and `holds` adds it to the test name.
const SEED = 20_261_201
const RUNS = 500
const MAX_SAFE = Number.MAX_SAFE_INTEGER

function holds<Ts>(t: Test, name: string, property: fc.IProperty<Ts>) {
  try {
    fc.assert(property, { seed: SEED, numRuns: RUNS })
    t.pass(name)
  } catch (error) {
    t.fail(`${name} (fast-check seed ${SEED})\n${error instanceof Error ? error.message : String(error)}`)
  }
}

t.test('caps', async (t) => {
  t.equal(MAX_FEE_FEN, 100_000_000)
  t.equal(MAX_BUDGET_LINE_FEN, 100_000_000_000)
  t.equal(MAX_BUDGET_TOTAL_FEN, 1_000_000_000_000)
  t.equal(MAX_AMOUNT_FEN, MAX_BUDGET_TOTAL_FEN, 'no single amount exceeds what a fund may hold')
})

t.test('zod schemas: integer fen within the caps', async (t) => {
  t.equal(FenAmount.parse(0), 0)
  t.equal(FenAmount.parse(MAX_AMOUNT_FEN), MAX_AMOUNT_FEN)
  for (const bad of [-1, 1.5, MAX_AMOUNT_FEN + 1, Number.NaN, Number.POSITIVE_INFINITY, '100', null]) {
    t.notOk(FenAmount.safeParse(bad).success, `FenAmount refuses ${String(bad)}`)
  }
  t.match(FenAmount.description, /^Integer fen \(1 yuan = 100 fen\)/)
  const fee = fenSchema(MAX_FEE_FEN)
  t.equal(fee.parse(MAX_FEE_FEN), MAX_FEE_FEN)
  t.notOk(fee.safeParse(MAX_FEE_FEN + 1).success)
  t.match(fee.description, /Integer fen \(1 yuan = 100 fen\), 0 to 100000000/)
  t.throws(() => fenSchema(-1), RangeError)
  t.throws(() => fenSchema(2 ** 53), RangeError)

  t.equal(PositiveFen.parse(1), 1)
  t.notOk(PositiveFen.safeParse(0).success)
  t.notOk(PositiveFen.safeParse(MAX_AMOUNT_FEN + 1).success)
  t.match(PositiveFen.description, /^Integer fen/)

  t.equal(SignedFen.parse(-MAX_AMOUNT_FEN), -MAX_AMOUNT_FEN)
  t.equal(SignedFen.parse(MAX_AMOUNT_FEN), MAX_AMOUNT_FEN)
  for (const bad of [-MAX_AMOUNT_FEN - 1, MAX_AMOUNT_FEN + 1, -0.5]) t.notOk(SignedFen.safeParse(bad).success, `SignedFen refuses ${bad}`)
  t.match(SignedFen.description, /^Integer fen/)
})

t.test('fenFromInt8: the one int8 reading of both drivers', async (t) => {
  t.equal(fenFromInt8('0'), 0)
  t.equal(fenFromInt8('30000'), 30000, 'pg: a string')
  t.equal(fenFromInt8('-45'), -45)
  t.equal(fenFromInt8('9007199254740991'), MAX_SAFE)
  t.equal(fenFromInt8('-9007199254740991'), -MAX_SAFE)
  t.equal(fenFromInt8(42), 42, 'PGlite: a number')
  t.equal(fenFromInt8(42n), 42, 'PGlite: a BigInt')
  t.equal(fenFromInt8(-(2n ** 53n - 1n)), -MAX_SAFE)
  t.ok(Object.is(fenFromInt8('-0'), 0), 'never -0')
  for (const bad of ['9007199254740992', '-9007199254740992', '99999999999999999999', '1e3', '', ' 1', '12.0', '0x10', 'abc']) {
    t.throws(() => fenFromInt8(bad), { name: 'RangeError', message: JSON.stringify(bad) }, `refuses ${JSON.stringify(bad)}`)
  }
  t.throws(() => fenFromInt8(2n ** 53n), { name: 'RangeError', message: /9007199254740992/ })
  t.throws(() => fenFromInt8(1.5), { name: 'RangeError', message: /1\.5/ })
  t.throws(() => fenFromInt8(Number.NaN), RangeError)
  t.throws(() => fenFromInt8(null as unknown as string), TypeError)
})

t.test('toFen: the guard for values that should be fen already', async (t) => {
  t.equal(toFen(30000), 30000)
  t.equal(toFen('30000'), 30000)
  t.equal(toFen(30000n), 30000)
  t.throws(() => toFen(1.5), TypeError)
  t.throws(() => toFen(null), TypeError)
  t.throws(() => toFen(undefined), TypeError)
  t.throws(() => toFen(2 ** 53), TypeError)
  t.throws(() => toFen('1.5'), RangeError)
})

t.test('sumFen', async (t) => {
  t.equal(sumFen([]), 0)
  t.equal(sumFen([1, 2, 3, -4]), 2)
  t.equal(sumFen(new Set([MAX_SAFE - 1, 1])), MAX_SAFE)
  t.throws(() => sumFen([MAX_SAFE, 1]), RangeError)
  t.throws(() => sumFen([1, 0.5]), RangeError)
})

t.test('formatYuan and formatYuanGrouped', async (t) => {
  t.equal(formatYuan(30000), '300.00')
  t.equal(formatYuan(-5), '-0.05')
  t.equal(formatYuan(0), '0.00')
  t.equal(formatYuan(7), '0.07')
  t.equal(formatYuan(2816), '28.16')
  t.equal(formatYuan(-123456789), '-1234567.89')
  t.equal(formatYuan(MAX_SAFE), '90071992547409.91')
  t.throws(() => formatYuan(1.5), RangeError)
  t.throws(() => formatYuan(Number.NaN), RangeError)

  t.equal(formatYuanGrouped(123456789), '1,234,567.89')
  t.equal(formatYuanGrouped(-123456789), '-1,234,567.89')
  t.equal(formatYuanGrouped(99999), '999.99')
  t.equal(formatYuanGrouped(100000), '1,000.00')
  t.equal(formatYuanGrouped(-5), '-0.05')
  t.equal(formatYuanGrouped(0), '0.00')
  t.equal(formatYuanGrouped(MAX_AMOUNT_FEN), '10,000,000,000.00')
  t.throws(() => formatYuanGrouped(0.1), RangeError)
})

t.test('parseYuan: amounts as the exports write them', async (t) => {
  const cases: [string | number, number][] = [
    ['28.16', 2816],
    ['¥28.16', 2816],
    ['￥1,234.56', 123456],
    [' 1234.5 ', 123450],
    ['+12.00', 1200],
    ['-3.00', -300],
    ['100', 10000],
    ['¥-3.00', -300],
    ['-¥3.00', -300],
    ['¥ 5', 500],
    ['\u3000 0.05\u00a0', 5],
    ['1,234,567.89', 123456789],
    ['0.1', 10],
    ['0000012.30', 1230],
    ['90071992547409.91', MAX_SAFE],
    [28.16, 2816],
    [1234.5, 123450],
    [100, 10000],
    [-3, -300],
    [0.07, 7],
    [1.1, 110],
  ]
  for (const [input, fen] of cases) t.equal(parseYuan(input), fen, `${JSON.stringify(input)} → ${fen}`)
  t.ok(Object.is(parseYuan('-0.00'), 0), 'never -0')
  t.ok(Object.is(parseYuan(-0), 0))

  t.throws(() => parseYuan('28.161'), { name: 'RangeError', message: /more than two decimal places/ })
  t.throws(() => parseYuan('1.230'), { name: 'RangeError', message: /more than two decimal places/ }, 'even a trailing zero')
  t.throws(() => parseYuan(0.1 + 0.2), { name: 'RangeError', message: /0\.30000000000000004/ }, 'a float sum is not an amount')
  for (const bad of [
    '',
    '   ',
    'abc',
    '¥',
    '-',
    '1,23.00',
    '12,34',
    '1234,567',
    ',123',
    '1.',
    '.5',
    '--3',
    '-¥-3',
    '+-3',
    '1e3',
    '28.16元',
    '1 234.00',
    '(3.00)',
    '9007199254740992.00',
  ]) {
    t.throws(() => parseYuan(bad), RangeError, `refuses ${JSON.stringify(bad)}`)
  }
  t.throws(() => parseYuan('9007199254740992.00'), { message: /out of range/ })
  for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 1e21, 1e-7]) t.throws(() => parseYuan(bad), { name: 'RangeError', message: String(bad) }, `refuses ${bad}`)
  t.throws(() => parseYuan(null as unknown as string), RangeError)
})

t.test('yuanInCapitals: receipts', async (t) => {
  const cases: [number, string][] = [
    // the examples
    [0, '人民币零元整'],
    [5, '人民币伍分'],
    [1000, '人民币壹拾元整'], // convention: 壹拾, never a bare 拾 (see money.ts)
    [10010, '人民币壹佰元零壹角'],
    [30000, '人民币叁佰元整'],
    [100530, '人民币壹仟零伍元叁角'],
    [100000530, '人民币壹佰万零伍元叁角'],
    [100_000_000_000, '人民币壹拾亿元整'],
    [1_0000_0001_00, '人民币壹亿零壹元整'],
    [MAX_AMOUNT_FEN, '人民币壹佰亿元整'],
    [MAX_AMOUNT_FEN - 1, '人民币玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
    // the People's Bank of China's own examples
    [140950, '人民币壹仟肆佰零玖元伍角'],
    [600714, '人民币陆仟零柒元壹角肆分'],
    [1640902, '人民币壹万陆仟肆佰零玖元零贰分'],
    [32504, '人民币叁佰贰拾伍元零肆分'],
    [168032, '人民币壹仟陆佰捌拾元零叁角贰分'],
    [10700053, '人民币壹拾万零柒仟元零伍角叁分'], // the PBoC permits 零 or not at each of the two places; we always write it
    // fractions alone, tens, zeros across 万 and 亿
    [50, '人民币伍角'],
    [35, '人民币叁角伍分'],
    [100, '人民币壹元整'],
    [1005, '人民币壹拾元零伍分'],
    [1500, '人民币壹拾伍元整'],
    [11000, '人民币壹佰壹拾元整'],
    [336, '人民币叁元叁角陆分'],
    [1_0000_00, '人民币壹万元整'],
    [10_0100_00, '人民币壹拾万零壹佰元整'],
    [12_0345_00, '人民币壹拾贰万零叁佰肆拾伍元整'],
    [1010_0000_00, '人民币壹仟零壹拾万元整'],
    [1_0000_0000_00, '人民币壹亿元整'],
    [1_0010_0000_00, '人民币壹亿零壹拾万元整'],
    [1_0000_0000_05, '人民币壹亿元零伍分'],
    [10_1000_0000_10, '人民币壹拾亿零壹仟万元零壹角'],
    [1_0000_1000_00, '人民币壹亿零壹仟元整'],
    [1_0000_0000_00 + 10_00, '人民币壹亿零壹拾元整'],
    [20_0000_0000_00, '人民币贰拾亿元整'],
  ]
  for (const [fen, text] of cases) t.equal(yuanInCapitals(fen), text, `${formatYuan(fen)} → ${text}`)
  t.throws(() => yuanInCapitals(-1), { name: 'RangeError', message: /-1/ }, 'negative amounts are not for receipts')
  t.throws(() => yuanInCapitals(MAX_AMOUNT_FEN + 1), RangeError)
  t.throws(() => yuanInCapitals(1.5), RangeError)
  t.throws(() => yuanInCapitals(Number.NaN), RangeError)
})

t.test('allocate: examples and refusals', async (t) => {
  t.same(allocate(100, [1, 1, 1]), [34, 33, 33], 'the leftover fen goes to the lower index when all else is equal')
  t.same(allocate(100, [1, 2, 1]), [25, 50, 25])
  t.same(allocate(10, [1, 1, 1, 1]), [3, 3, 2, 2])
  t.same(allocate(5, [1, 2, 2, 1]), [1, 2, 1, 1], 'largest remainders first (5/6 twice, then 4/6)')
  t.same(allocate(2, [1, 3]), [0, 2], 'equal remainders: the larger weight first')
  t.same(allocate(2, [3, 1]), [2, 0])
  t.same(allocate(7, [0, 5, 0]), [0, 7, 0])
  t.same(allocate(0, [0, 0]), [0, 0])
  t.same(allocate(0, [3, 1]), [0, 0])
  t.same(allocate(0, []), [])
  // total × weight is far beyond 2^53: exact only because it is done in BigInt.
  const big = allocate(MAX_SAFE, [MAX_SAFE, MAX_SAFE - 1, 1])
  t.equal(
    big.reduce((a, b) => a + b, 0),
    MAX_SAFE,
  )
  t.same(big, [4503599627370496, 4503599627370495, 0])

  // Settlement's tie-break: larger weight first, then the earlier enrollment.
  const weights = [2, 2, 1, 1]
  const enrolledOn = ['2025-09-03', '2025-09-01', '2025-09-02', '2025-09-01']
  const settlementTie = (i: number, j: number) => (weights[j] as number) - (weights[i] as number) || (enrolledOn[i] as string).localeCompare(enrolledOn[j] as string)
  t.same(allocate(3, weights), [1, 1, 1, 0], 'default: larger weight, then lower index')
  t.same(allocate(3, weights, settlementTie), [1, 1, 0, 1], 'equal remainders and weights: the earlier enrollment')
  const byDate = (i: number, j: number) => (enrolledOn[i] as string).localeCompare(enrolledOn[j] as string)
  t.same(allocate(3, [1, 1, 1, 1], byDate), [0, 1, 1, 1])
  t.same(allocate(1, [1, 1, 1, 1], byDate), [0, 1, 0, 0], 'a tie in the date falls back to the lower index')
  t.same(
    allocate(2, [1, 3], (i, j) => (weights[i] as number) - (weights[j] as number)),
    [0, 2],
    'tieBreak answering 0 falls back to the default',
  )
  t.same(
    allocate(2, [1, 3], (i, j) => (i === 0 ? -1 : j === 0 ? 1 : 0)),
    [1, 1],
    'tieBreak overrides the larger-weight default',
  )

  t.throws(() => allocate(5, []), { name: 'RangeError', message: /sum to 0/ })
  t.throws(() => allocate(5, [0, 0]), { name: 'RangeError', message: /sum to 0/ })
  t.throws(() => allocate(-1, [1]), { name: 'RangeError', message: /negative/ })
  t.throws(() => allocate(5, [1, -1]), { name: 'RangeError', message: /weight 1/ })
  t.throws(() => allocate(5, [1.5]), RangeError)
  t.throws(() => allocate(5, [Number.NaN]), RangeError)
  t.throws(() => allocate(5, [2 ** 53]), RangeError)
  t.throws(() => allocate(1.5, [1]), RangeError)
})

// ---- properties -------------------------------------------------------------------------------

const weightArb = fc.oneof(
  { arbitrary: fc.constant(0), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 5 }), weight: 3 }, // small weights: many equal remainders
  { arbitrary: fc.integer({ min: 0, max: 100_000 }), weight: 2 },
  { arbitrary: fc.maxSafeNat(), weight: 1 },
)
const totalArb = fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: MAX_AMOUNT_FEN }), fc.maxSafeNat())
// Inputs allocate accepts: a total over weights that do not all vanish, or a total of 0.
// Small totals over small weights make equal remainders common, so the tie-breaks are exercised.
const allocation = fc
  .oneof(
    fc.tuple(totalArb, fc.array(weightArb, { minLength: 1, maxLength: 25 })),
    fc.tuple(fc.integer({ min: 0, max: 50 }), fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 8 })),
  )
  .filter(([total, weights]) => total === 0 || weights.some((w) => w > 0))

const exact = (total: number, weights: readonly number[]) => {
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n)
  return weights.map((w) => ({ num: BigInt(total) * BigInt(w), den: sum }))
}

t.test('allocate: properties', async (t) => {
  holds(
    t,
    'Σ shares = total exactly',
    fc.property(allocation, ([total, weights]) => allocate(total, weights).reduce((a, b) => a + BigInt(b), 0n) === BigInt(total)),
  )

  holds(
    t,
    'every share is within one fen of total·wᵢ/Σw, between its floor and its ceiling',
    fc.property(allocation, ([total, weights]) => {
      const shares = allocate(total, weights)
      return exact(total, weights).every(({ num, den }, i) => {
        if (den === 0n) return shares[i] === 0
        const s = BigInt(shares[i] as number) * den
        return s > num - den && s < num + den && s >= (num / den) * den
      })
    }),
  )

  holds(
    t,
    'shares are non-negative safe integers; a zero weight gets zero',
    fc.property(allocation, ([total, weights]) => allocate(total, weights).every((s, i) => Number.isSafeInteger(s) && s >= 0 && (weights[i] !== 0 || s === 0))),
  )

  holds(
    t,
    'deterministic: the same inputs give the same shares',
    fc.property(allocation, ([total, weights]) => JSON.stringify(allocate(total, weights)) === JSON.stringify(allocate(total, [...weights]))),
  )

  // The extra fen goes by (remainder desc, tieBreak, weight desc, index asc): checked pairwise
  // against remainders computed here, with a random priority as the tie-break.
  holds(
    t,
    'the extra fen go to the largest remainders, ties settled by tieBreak, then weight, then index',
    fc.property(
      allocation.chain(([total, weights]) => {
        const priority = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: weights.length, maxLength: weights.length })
        return fc.tuple(fc.constant(total), fc.constant(weights), priority, fc.boolean())
      }),
      ([total, weights, priority, custom]) => {
        const tieBreak = custom ? (i: number, j: number) => (priority[i] as number) - (priority[j] as number) : undefined
        const shares = allocate(total, weights, tieBreak)
        const parts = exact(total, weights)
        if (parts[0]?.den === 0n) return true
        const got = parts.map(({ num, den }, i) => BigInt(shares[i] as number) > num / den) // got the extra fen
        const rem = parts.map(({ num, den }) => num % den)
        const before = (i: number, j: number) => {
          const ri = rem[i] as bigint
          const rj = rem[j] as bigint
          if (ri !== rj) return ri > rj
          const p = tieBreak ? tieBreak(i, j) : 0
          if (p !== 0) return p < 0
          if (weights[i] !== weights[j]) return (weights[i] as number) > (weights[j] as number)
          return i < j
        }
        for (let i = 0; i < weights.length; i++) {
          for (let j = 0; j < weights.length; j++) if (got[j] && !got[i] && before(i, j)) return false
        }
        return true
      },
    ),
  )
})

const sparseFen = fc
  .array(fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 1, max: 9 }), weight: 2 }), { minLength: 1, maxLength: 12 })
  .map((digits) => Number(digits.join(''))) // at most 12 digits: below MAX_AMOUNT_FEN
const capitalFen = fc.oneof(sparseFen, fc.integer({ min: 0, max: MAX_AMOUNT_FEN }), fc.integer({ min: 0, max: 100_000 }), fc.constant(MAX_AMOUNT_FEN))

// Under the convention, 零 stands once for each run of zeros between two non-zero figures of
// the amount written out in fen.
const zeroRuns = (fen: number) =>
  String(fen)
    .padStart(3, '0')
    .replace(/^0+|0+$/g, '')
    .match(/0+/g)?.length ?? 0

t.test('yuanInCapitals: properties', async (t) => {
  holds(
    t,
    'reads back to the same amount through an independent parser',
    fc.property(capitalFen, (fen) => capitalsToFen(yuanInCapitals(fen)) === fen),
  )
  holds(
    t,
    'starts with 人民币; never 零零, never ends in 零; 整 exactly for whole yuan',
    fc.property(capitalFen, (fen) => {
      const text = yuanInCapitals(fen)
      return text.startsWith('人民币') && !text.includes('零零') && !text.endsWith('零') && text.endsWith('整') === (fen % 100 === 0)
    }),
  )
  holds(
    t,
    'one 零 per inner run of zeros; every 拾/佰/仟/角/分 has its numeral (壹拾, not 拾)',
    fc.property(capitalFen, (fen) => {
      const text = yuanInCapitals(fen)
      if (fen === 0) return text === '人民币零元整'
      const zeros = text.match(/零/g)?.length ?? 0
      return zeros === zeroRuns(fen) && !/(^|[^壹贰叁肆伍陆柒捌玖])[拾佰仟角分]/.test(text.slice(3)) && /^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/.test(text.slice(3))
    }),
  )
})

t.test('parseYuan and formatYuan: properties', async (t) => {
  const anyFen = fc.oneof(fc.integer({ min: -100_000, max: 100_000 }), fc.maxSafeInteger())
  holds(
    t,
    'parseYuan(formatYuan(x)) === x',
    fc.property(anyFen, (fen) => parseYuan(formatYuan(fen)) === fen),
  )
  holds(
    t,
    'parseYuan(formatYuanGrouped(x)) === x, also with a ¥',
    fc.property(anyFen, (fen) => parseYuan(formatYuanGrouped(fen)) === fen && parseYuan(`¥${formatYuanGrouped(fen)}`) === fen),
  )
  // An XLSX cell holds a double; below 10^15 fen (15 significant figures) its shortest form is
  // the amount as typed.
  holds(
    t,
    'a yuan number of up to 15 figures reads back exactly',
    fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), (fen) => parseYuan(Number(formatYuan(fen))) === fen),
  )
})
