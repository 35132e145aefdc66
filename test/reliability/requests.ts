// Requests for one operation of the OpenAPI document: valid ones from its schemas (with the world's
// real ids), and hostile ones — a body broken in one place or replaced by garbage, path parameters
// that are ids of another kind, random or malformed, bad query strings, wrong content types,
// broken multipart bodies — each sent by one of the world's actors.
import fc from 'fast-check'
import { type Hints, hostileScalar, hostileValue, MALFORMED_UUIDS, mutated, validValue } from './arbitraries.js'
import type { ActorName, FuzzWorld } from './fuzz-world.js'
import type { JsonSchema, Operation, Parameter } from './openapi.js'

export interface FuzzRequest {
  actor: ActorName
  method: string
  url: string
  headers: Record<string, string>
  payload?: string | Buffer
  /** What kind of request this is, for the failure report and the statistics. */
  kind: string
}

const ACTORS: { arbitrary: fc.Arbitrary<ActorName>; weight: number }[] = [
  ...(['admin', 'reviewer', 'chair', 'treasurer', 'auditor'] as const).map((a) => ({ arbitrary: fc.constant(a), weight: 3 })),
  ...(['staff', 'parent1', 'parent4'] as const).map((a) => ({ arbitrary: fc.constant(a), weight: 2 })),
  ...(['finance', 'parent5', 'otherReviewer', 'otherChair', 'otherParent', 'anonymous', 'garbage'] as const).map((a) => ({ arbitrary: fc.constant(a), weight: 1 })),
]

export function hintsOf(fw: FuzzWorld): Hints {
  const allIds = [...new Set(Object.entries(fw.known).flatMap(([k, v]) => (k.endsWith('Id') ? v : [])))]
  return {
    dates: fw.dates,
    known(name) {
      if (!name) return []
      if (fw.known[name]) return fw.known[name]
      // renewsContractId → contractId; any other …Id → every id of the world
      const last = name.match(/[A-Z][a-z]+Id$/)?.[0]
      if (last) {
        const kind = last.charAt(0).toLowerCase() + last.slice(1)
        if (fw.known[kind]) return fw.known[kind]
      }
      return name.endsWith('Id') ? allIds : []
    },
  }
}

/** Percent-encoding that survives lone surrogates: they become an invalid UTF-8 sequence, which is hostile in its own right. */
function enc(s: string): string {
  try {
    return encodeURIComponent(s)
  } catch {
    return `${encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))}%ED%A0%80`
  }
}

const asText = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v))

/** A path parameter: usually a value its schema accepts (real ids first), sometimes an id of another kind, a random uuid, malformed or oversized. */
function pathValue(p: Parameter, hints: Hints, allIds: string[]): fc.Arbitrary<{ value: string; raw: boolean; hostile: boolean }> {
  const ok = validValue(p.schema, hints, p.name).map((v) => ({ value: asText(v), raw: false, hostile: false }))
  const bad = fc.oneof(
    fc.constantFrom(...allIds).map((value) => ({ value, raw: false, hostile: true })),
    fc.uuid({ version: 4 }).map((value) => ({ value, raw: false, hostile: true })),
    fc
      .constantFrom(...MALFORMED_UUIDS, '2026-02-30', '2026-13', '99999', '-1', '0', 'x'.repeat(150), '家委会', '\u0000', ' ')
      .map((value) => ({ value, raw: false, hostile: true })),
    fc.constantFrom('%ZZ', '%00', '%C0%AF', '..', '%2e%2e', 'a%2Fb', '%E4%BD').map((value) => ({ value, raw: true, hostile: true })),
    hostileScalar.map((v) => ({ value: asText(v).slice(0, 90), raw: false, hostile: true })),
  )
  return fc.oneof({ weight: 5, arbitrary: ok }, { weight: 2, arbitrary: bad })
}

/** A path parameter as a careful client sends it: a real id of its kind (or another value its schema accepts). */
function happyPathValue(p: Parameter, hints: Hints): fc.Arbitrary<{ value: string; raw: boolean; hostile: boolean }> {
  const real = hints.known(p.name)
  const ok = real.length ? fc.constantFrom(...real) : validValue(p.schema, hints, p.name).map(asText)
  return ok.map((value) => ({ value, raw: false, hostile: false }))
}

function queryString(params: Parameter[], hints: Hints) {
  const query = params.filter((p) => p.in === 'query')
  const valid = fc
    .tuple(
      ...query.map((p) =>
        p.required
          ? validValue(p.schema, hints, p.name).map((v) => [p.name, v] as const)
          : fc.option(
              validValue(p.schema, hints, p.name).map((v) => [p.name, v] as const),
              { nil: undefined },
            ),
      ),
    )
    .map((pairs) =>
      pairs
        .filter((x): x is readonly [string, unknown] => x !== undefined)
        .map(([k, v]) => `${enc(k)}=${enc(asText(v))}`)
        .join('&'),
    )
  const names = query.map((p) => p.name)
  const hostile = fc.oneof(
    fc.tuple(valid, fc.constantFrom(...(names.length ? names : ['limit'])), hostileScalar).map(([qs, k, v]) => `${qs}${qs ? '&' : ''}${enc(k)}=${enc(asText(v).slice(0, 5000))}`),
    fc.tuple(valid, fc.constantFrom(...(names.length ? names : ['limit']))).map(([qs, k]) => `${qs}${qs ? '&' : ''}${k}=1&${k}=2`),
    fc.constantFrom(
      'limit=-1',
      'limit=0',
      'limit=1e309',
      'limit=101',
      'limit=9223372036854775808',
      'cursor=%00',
      `cursor=${'A'.repeat(5000)}`,
      'cursor=eyJpZCI6IngnO0RST1AifQ',
      'cursor=eyJ0IjoiMjAyNi0wOS0wMSIsImlkIjoibm90LWEtdXVpZCJ9',
      '%',
      '&&&=',
      'a[b]=c',
      '__proto__[x]=1',
      'constructor[prototype][x]=1',
      'month=2026-13',
      'month=0000-00',
      'year=-1',
      'from=2026-12-01&to=2026-01-01',
      'open=maybe',
      'status=%F0%9F%99%82',
      'code=%00%00',
    ),
  )
  const happy = valid.map((qs) => ({ qs, hostile: false }))
  return { any: fc.oneof({ weight: 4, arbitrary: happy }, { weight: 1, arbitrary: hostile.map((qs) => ({ qs, hostile: true })) }), happy }
}

function multipartBody(parts: { name: string; type?: string; fileName?: string; bytes: Buffer }[], boundary = 'fuzzboundary7MA4YWxkTrZu0gW') {
  const chunks: Buffer[] = []
  for (const p of parts) {
    const disposition = p.fileName === undefined ? `form-data; name="${p.name}"` : `form-data; name="${p.name}"; filename="${p.fileName}"`
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`), p.bytes, Buffer.from('\r\n'))
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

/** multipart/form-data bodies: the fields as a `json` part and small files, or broken ones. */
function multipartArb(schema: JsonSchema, hints: Hints, fw: FuzzWorld) {
  const fieldsSchema: JsonSchema = { ...schema, properties: { ...(schema.properties ?? {}) }, required: (schema.required ?? []).filter((k: string) => k !== 'files') }
  delete fieldsSchema.properties.files
  const files = fc.constantFrom(
    { fileName: '小票.jpg', type: 'image/jpeg', bytes: fw.files.jpeg },
    { fileName: 'receipt.png', type: 'image/png', bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]) },
    { fileName: 'agreement.pdf', type: 'application/pdf', bytes: fw.files.agreementPdf },
    { fileName: 'wechat.csv', type: 'text/csv', bytes: fw.files.wechat },
    { fileName: 'fake.jpg', type: 'image/jpeg', bytes: Buffer.from('GIF89a not a jpeg') },
    { fileName: '../../etc/passwd', type: 'application/octet-stream', bytes: Buffer.from([0, 1, 2, 3, 255, 254]) },
    { fileName: 'empty.csv', type: 'text/csv', bytes: Buffer.alloc(0) },
    { fileName: 'gbk.csv', type: 'text/csv', bytes: Buffer.from([0xd6, 0xd0, 0xce, 0xc4, 0x2c, 0x0a, 0xff, 0xfe]) },
  )
  const fieldName = fc.constantFrom('receipts', 'file', 'files', 'attachment')
  const good = fc
    .tuple(fc.option(validValue(fieldsSchema, hints), { nil: undefined }), fc.array(fc.tuple(fieldName, files), { minLength: 0, maxLength: 3 }))
    .map(([fields, fs]) => ({
      ...multipartBody([
        ...(fields === undefined ? [] : [{ name: 'json', type: 'application/json', bytes: Buffer.from(JSON.stringify(fields)) }]),
        ...fs.map(([name, f]) => ({ name, type: f.type, fileName: f.fileName, bytes: f.bytes })),
      ]),
      kind: 'multipart',
    }))
  const broken = fc.oneof(
    fc.constant({ payload: Buffer.from('--x\r\nContent-Disposition: form-data; name="json"\r\n\r\n{}'), contentType: 'multipart/form-data', kind: 'multipart-no-boundary' }),
    fc.constant({ ...multipartBody([{ name: 'json', bytes: Buffer.from('{"planId":') }]), kind: 'multipart-bad-json' }),
    fc.constant({
      payload: multipartBody([{ name: 'file', fileName: 'a.csv', bytes: fw.files.wechat }]).payload.subarray(0, 60),
      contentType: 'multipart/form-data; boundary=fuzzboundary7MA4YWxkTrZu0gW',
      kind: 'multipart-truncated',
    }),
    fc.constant({
      ...multipartBody([{ name: 'file', fileName: 'a.csv', bytes: fw.files.wechat }]),
      contentType: 'multipart/form-data; boundary=another',
      kind: 'multipart-wrong-boundary',
    }),
    fc.constant({
      ...multipartBody(Array.from({ length: 8 }, (_, i) => ({ name: 'receipts', fileName: `${i}.jpg`, type: 'image/jpeg', bytes: fw.files.jpeg }))),
      kind: 'multipart-too-many',
    }),
    hostileValue.map((v) => ({ ...multipartBody([{ name: 'json', type: 'application/json', bytes: Buffer.from(JSON.stringify(v) ?? 'null') }]), kind: 'multipart-hostile-json' })),
  )
  return { any: fc.oneof({ weight: 3, arbitrary: good }, { weight: 2, arbitrary: broken }), good }
}

const WRONG_TYPES = ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'application/octet-stream', 'application/json; charset=utf-16', 'image/png', '']

/** The requests the fuzzer sends to one operation. */
export function requestsFor(op: Operation, fw: FuzzWorld, idempotencyKeys: string[]): fc.Arbitrary<FuzzRequest> {
  const hints = hintsOf(fw)
  const allIds = [...new Set(Object.entries(fw.known).flatMap(([k, v]) => (k.endsWith('Id') ? v : [])))]
  const pathParams = op.params.filter((p) => p.in === 'path')
  const urlOf = (values: { value: string; raw: boolean; hostile: boolean }[]) => {
    let url = op.path
    pathParams.forEach((p, i) => {
      const v = values[i]!
      url = url.replace(`{${p.name}}`, v.raw ? v.value : enc(v.value))
    })
    return { url, hostile: values.some((v) => v.hostile) }
  }
  const path = fc.tuple(...pathParams.map((p) => pathValue(p, hints, allIds))).map(urlOf)
  const happyPath = fc.tuple(...pathParams.map((p) => happyPathValue(p, hints))).map(urlOf)
  const query = queryString(op.params, hints)
  const idempotent = op.params.some((p) => p.in === 'header' && p.name === 'idempotency-key')
  const key = idempotent
    ? fc.option(
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...idempotencyKeys) },
          { weight: 1, arbitrary: fc.constantFrom('short', 'ключ-не-ascii-12345', 'x'.repeat(300), ' spaces in key ') },
        ),
        {
          nil: undefined,
        },
      )
    : fc.constant(undefined)

  type Body = { payload?: string | Buffer; contentType?: string; kind: string }
  let body: fc.Arbitrary<Body>
  let happyBody: fc.Arbitrary<Body>
  const contents = op.body?.contents ?? {}
  const jsonSchema = contents['application/json'] ?? Object.values(contents)[0]
  if (jsonSchema) {
    const valid = validValue(jsonSchema, hints)
    const json = (v: unknown, kind: string): Body => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json', kind })
    const options: { weight: number; arbitrary: fc.Arbitrary<Body> }[] = [
      { weight: 5, arbitrary: valid.map((v) => json(v, 'valid')) },
      { weight: 4, arbitrary: mutated(valid).map((v) => json(v, 'mutated')) },
      { weight: 1, arbitrary: hostileValue.map((v) => json(v, 'garbage-json')) },
      {
        weight: 1,
        arbitrary: fc
          .constantFrom('{', '{"a":1,}', 'undefined', '\u0000', '[1,2', '{"__proto__":{"x":1}}', '')
          .map((payload) => ({ payload, contentType: 'application/json', kind: 'malformed-json' })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.constantFrom(...WRONG_TYPES)).map(([v, contentType]) => ({ payload: JSON.stringify(v), contentType, kind: 'wrong-content-type' })),
      },
    ]
    happyBody = valid.map((v) => json(v, 'happy'))
    if (contents['multipart/form-data']) {
      const mp = multipartArb(contents['multipart/form-data'], hints, fw)
      options.push({ weight: 6, arbitrary: mp.any })
      happyBody = fc.oneof(happyBody, mp.good)
    }
    if (contents['application/pdf']) {
      const pdf = fw.files.agreementPdf
      options.push({
        weight: 4,
        arbitrary: fc
          .constantFrom(pdf, pdf.subarray(0, Math.floor(pdf.length / 2)), Buffer.from('%PDF-1.7\n%garbage\n'), Buffer.alloc(0), fw.files.jpeg, Buffer.from([0, 0, 0]))
          .map((payload) => ({ payload, contentType: 'application/pdf', kind: 'pdf' })),
      })
    }
    body = fc.oneof(...options)
  } else {
    happyBody = fc.constant<Body>({ kind: 'happy' })
    body = fc.oneof(
      { weight: 4, arbitrary: fc.constant<Body>({ kind: 'no-body' }) },
      { weight: 1, arbitrary: fc.constant<Body>({ payload: '{}', contentType: 'application/json', kind: 'empty-object' }) },
      { weight: 1, arbitrary: hostileValue.map((v): Body => ({ payload: JSON.stringify(v) ?? 'null', contentType: 'application/json', kind: 'garbage-json' })) },
      {
        weight: 1,
        arbitrary: fc.constantFrom<Body>(
          { payload: '{', contentType: 'application/json', kind: 'malformed-json' },
          { payload: 'hello', contentType: 'text/plain', kind: 'wrong-content-type' },
        ),
      },
    )
  }
  // Two in five requests are a careful client's: an insider, real ids of the right kind, a body
  // its schema accepts, a fresh Idempotency-Key — so the fuzzer reaches the rules behind validation.
  const careful = fc.record({
    actor: fc.constantFrom<ActorName>('chair', 'treasurer', 'auditor', 'reviewer', 'admin', 'staff', 'parent1', 'parent4'),
    path: happyPath,
    query: query.happy,
    body: happyBody,
    key: idempotent ? fc.uuid({ version: 4 }) : fc.constant(undefined),
  })
  const any = fc.record({ actor: fc.oneof(...ACTORS), path, query: query.any, body, key })
  return fc.oneof({ weight: 3, arbitrary: any }, { weight: 2, arbitrary: careful }).map(({ actor, path, query, body, key }) => {
    const token = fw.tokens[actor]
    const headers: Record<string, string> = {}
    if (token) headers.authorization = `Bearer ${token}`
    if (body.contentType) headers['content-type'] = body.contentType
    if (key !== undefined) headers['idempotency-key'] = key
    const kinds = [body.kind, ...(path.hostile ? ['bad-path'] : []), ...(query.hostile ? ['bad-query'] : [])]
    return {
      actor,
      method: op.method,
      url: query.qs ? `${path.url}?${query.qs}` : path.url,
      headers,
      ...(body.payload === undefined ? {} : { payload: body.payload }),
      kind: kinds.join('+'),
    }
  })
}

/** A request in a line or three, huge values cut short. */
export function describe(r: FuzzRequest): string {
  const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…(${s.length} chars)` : s)
  const payload = r.payload === undefined ? '' : Buffer.isBuffer(r.payload) ? `<${r.payload.length} bytes> ${cut(r.payload.toString('latin1'), 300)}` : cut(r.payload, 600)
  return `${r.actor} ${r.method} ${cut(r.url, 300)} [${r.kind}] ${JSON.stringify({ ...r.headers, authorization: r.headers.authorization ? '<token>' : undefined })}\n    body: ${payload}`
}
