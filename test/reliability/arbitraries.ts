// JSON Schema → fast-check: values a schema accepts (biased toward the world's real ids, dates and
// codes, so valid requests reach the rules behind validation), and hostile ones it should refuse.
import fc from 'fast-check'
import type { JsonSchema } from './openapi.js'

export interface Hints {
  /** Real values from the world for a field or parameter of this name (ids by their kind, slugs, codes, logins), or none. */
  known(name: string | undefined): string[]
  /** Dates around the world's term, "YYYY-MM-DD". */
  dates: string[]
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER
const TEXT = fc.constantFrom(...'abcxyz 0123456789-_.,家委会托管费王小明李红三年级班老师收支（）￥')

const isoDate = fc.date({ min: new Date('1999-01-01T00:00:00Z'), max: new Date('2031-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const chinaDateTime = (dates: string[]) =>
  fc
    .tuple(fc.oneof(fc.constantFrom(...dates), isoDate), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom('+08:00', 'Z', '.123Z'))
    .map(([d, h, m, z]) => `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00${z}`)

function integerIn(lo: number, hi: number): fc.Arbitrary<number> {
  const smallLo = Math.max(lo, -1000)
  const smallHi = Math.min(hi, 100_000)
  const options: fc.Arbitrary<number>[] = [fc.constantFrom(lo, hi)]
  if (smallLo <= smallHi) options.push(fc.integer({ min: smallLo, max: smallHi }))
  options.push(fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number))
  return fc.oneof(...options)
}

function stringOf(schema: JsonSchema, hints: Hints, name: string | undefined): fc.Arbitrary<string> {
  const known = hints.known(name)
  const min = schema.minLength ?? 0
  const max = schema.maxLength ?? Math.max(min, 40)
  // A pattern sets its own lengths; only the schema's explicit bounds are checked against it.
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Number.POSITIVE_INFINITY)
  let base: fc.Arbitrary<string>
  if (schema.format === 'uuid') base = fc.uuid({ version: 4 })
  else if (schema.format === 'date') base = fc.oneof(fc.constantFrom(...hints.dates), isoDate)
  else if (schema.format === 'date-time') base = chinaDateTime(hints.dates)
  else if (schema.pattern) {
    const re = new RegExp(schema.pattern)
    base = fc.stringMatching(re).filter(fits)
  } else base = fc.oneof(fc.string({ unit: TEXT, minLength: Math.max(min, 1), maxLength: Math.min(max, 40) }), fc.string({ minLength: min, maxLength: Math.min(max, 40) }))
  const realOnes = known.filter(fits)
  return realOnes.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...realOnes) }, { weight: 1, arbitrary: base }) : base
}

/** A value the schema accepts; `name` is the property or parameter it is for. */
export function validValue(schema: JsonSchema, hints: Hints, name?: string, depth = 0): fc.Arbitrary<unknown> {
  const inner = validNonNull(schema, hints, name, depth)
  return schema.nullable === true ? fc.oneof({ weight: 4, arbitrary: inner }, { weight: 1, arbitrary: fc.constant(null) }) : inner
}

function validNonNull(schema: JsonSchema, hints: Hints, name: string | undefined, depth: number): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const alternatives = schema.oneOf ?? schema.anyOf
  if (Array.isArray(alternatives)) return fc.oneof(...alternatives.map((s: JsonSchema) => validValue(s, hints, name, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object': {
      const props: Record<string, JsonSchema> = schema.properties ?? {}
      const required: string[] = (schema.required ?? []).filter((k: string) => k in props)
      if (depth > 6) return fc.constant(Object.fromEntries(required.map((k) => [k, null])))
      const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, validValue(s, hints, k, depth + 1)]))
      return fc.record(model, { requiredKeys: required })
    }
    case 'array': {
      const minLength = schema.minItems ?? 0
      const maxLength = Math.min(schema.maxItems ?? minLength + 3, minLength + 3)
      const itemName = name?.endsWith('Ids') ? name.slice(0, -1) : name
      return fc.array(validValue(schema.items ?? {}, hints, itemName, depth + 1), { minLength, maxLength })
    }
    case 'string':
      return stringOf(schema, hints, name)
    case 'integer': {
      let lo = schema.minimum ?? -MAX_SAFE
      let hi = schema.maximum ?? MAX_SAFE
      if (schema.exclusiveMinimum === true) lo += 1
      else if (typeof schema.exclusiveMinimum === 'number') lo = schema.exclusiveMinimum + 1
      if (schema.exclusiveMaximum === true) hi -= 1
      else if (typeof schema.exclusiveMaximum === 'number') hi = schema.exclusiveMaximum - 1
      return integerIn(Math.max(lo, -MAX_SAFE), Math.min(hi, MAX_SAFE))
    }
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e12, max: schema.maximum ?? 1e12, noNaN: true, noDefaultInfinity: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

// ---- Hostile values --------------------------------------------------------------------------

const HUGE = 'x'.repeat(200_000)
export const MALFORMED_UUIDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-00000000000g',
  '12345678-1234-1234-1234-1234567890123',
  '{00000000-0000-4000-8000-000000000000}',
  '00000000000040008000000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  ' 00000000-0000-4000-8000-000000000000',
]

/** Values no sane schema accepts for most fields, and those that test the edges of what it accepts. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\uD800',
    '\uFEFF',
    '𠮷𠮷𠮷',
    '🙂'.repeat(300),
    "'; DROP TABLE journal_lines; --",
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    '%00',
    '%ZZ',
    `\${jndi:ldap://x}`,
    'null',
    'NaN',
    '2026-02-30',
    '2026-13-01',
    '0000-01-01',
    '9999-12-31',
    '275760-09-13',
    '2026-09-01T25:00:00+08:00',
    '2026-09-01T10:00:00',
    '2026-09',
    '2026-00',
    'settlement-zzz',
    ...MALFORMED_UUIDS,
  ),
  fc.constantFrom(
    0,
    -0,
    -1,
    -100,
    1.5,
    -0.01,
    2 ** 31,
    2 ** 53,
    2 ** 63,
    -(2 ** 63),
    9.223372036854776e18,
    1e21,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
    true,
    false,
    null,
  ),
  fc.constant(HUGE),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.integer(),
  fc.double(),
)

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: hostileScalar },
  { weight: 1, arbitrary: fc.constantFrom([], {}, [null], [[[[[]]]]], JSON.parse('{"__proto__":{"polluted":1}}'), { constructor: { prototype: { x: 1 } } }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(hostileScalar, { maxLength: 5 }) },
)

/** Every path into a JSON value (object keys and array indexes), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix)
  if (Array.isArray(value)) value.forEach((v, i) => void pathsOf(v, [...prefix, i], out))
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...prefix, k], out)
  return out
}

function setAt(value: unknown, path: (string | number)[], replace: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replace(value)
  const [head, ...rest] = path
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? setAt(v, rest, replace) : v))
  if (value && typeof value === 'object') return { ...(value as object), [String(head)]: setAt((value as Record<string, unknown>)[head as string], rest, replace) }
  return value
}

const DROP = Symbol('drop')
function withoutDropped(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== DROP).map(withoutDropped)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (v === DROP ? [] : [[k, withoutDropped(v)]])))
  return value
}

/** A valid value broken in one place: a field replaced by a hostile value, dropped, or joined by a huge unknown one. */
export function mutated(valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return valid.chain((v) => {
    const paths = pathsOf(v)
    return fc.tuple(fc.constantFrom(...paths), fc.constantFrom('replace', 'drop', 'extra', 'wrap'), hostileValue).map(([path, how, bad]) => {
      if (how === 'drop' && path.length > 0) return withoutDropped(setAt(v, path, () => DROP))
      if (how === 'extra') return setAt(v, path, (old) => (old && typeof old === 'object' && !Array.isArray(old) ? { ...old, ['x'.repeat(50)]: HUGE, __proto__x: bad } : bad))
      if (how === 'wrap') return setAt(v, path, (old) => [old])
      return setAt(v, path, () => bad)
    })
  })
}
