// The app's own OpenAPI document read as operations to fuzz, and its response schemas turned into
// validators: OpenAPI 3.0's dialect (nullable, boolean exclusiveMinimum, $ref to components) is
// rewritten into the JSON Schema ajv checks.
import { Ajv, type ValidateFunction } from 'ajv'
import formats from 'ajv-formats'

// ajv-formats is CommonJS: its ESM default export is the plugin itself.
const addFormats = formats as unknown as typeof formats.default

// biome-ignore lint/suspicious/noExplicitAny: a JSON Schema is any JSON
export type JsonSchema = Record<string, any>

export interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required: boolean
  schema: JsonSchema
}

export interface Operation {
  operationId: string
  method: string
  path: string
  /** Needs a bearer token (the document's security requirement). */
  secured: boolean
  params: Parameter[]
  body?: { required: boolean; contents: Record<string, JsonSchema> }
  /** Status → media type → schema (a problem's is the Problem component). */
  responses: Record<string, Record<string, JsonSchema>>
}

export interface OpenApiDoc {
  paths: Record<string, Record<string, JsonSchema>>
  components?: { schemas?: Record<string, JsonSchema> }
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const responses: Operation['responses'] = {}
      for (const [status, r] of Object.entries(op.responses ?? {}) as [string, JsonSchema][]) {
        responses[status] = Object.fromEntries(Object.entries(r.content ?? {}).map(([media, c]) => [media, (c as JsonSchema).schema ?? {}]))
      }
      ops.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        secured: (op.security?.length ?? 0) > 0,
        params: (op.parameters ?? []).map((p: JsonSchema) => ({ name: p.name, in: p.in, required: p.required === true, schema: p.schema ?? {} })),
        ...(op.requestBody
          ? {
              body: {
                required: op.requestBody.required === true,
                contents: Object.fromEntries(Object.entries(op.requestBody.content as Record<string, JsonSchema>).map(([m, c]) => [m, c.schema ?? {}])),
              },
            }
          : {}),
        responses,
      })
    }
  }
  return ops
}

/** An OpenAPI 3.0 schema as plain JSON Schema (draft-07): refs inlined, nullable as a null type, exclusive bounds as numbers. */
export function toJsonSchema(schema: unknown, doc: OpenApiDoc): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s, doc))
  if (!schema || typeof schema !== 'object') return schema
  const s = { ...(schema as JsonSchema) }
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/components/schemas/', '')
    const target = doc.components?.schemas?.[name]
    if (!target) throw new Error(`unresolved ${s.$ref}`)
    return toJsonSchema(target, doc)
  }
  const out: JsonSchema = {}
  for (const [k, v] of Object.entries(s)) {
    if (k === 'properties' || k === 'patternProperties' || k === 'definitions') {
      out[k] = Object.fromEntries(Object.entries(v as JsonSchema).map(([p, ps]) => [p, toJsonSchema(ps, doc)]))
    } else if (k === 'nullable' || k === 'example' || k === 'examples' || k === 'description' || k === 'default') {
      // handled below, or documentation only
    } else if (typeof v === 'object' && v !== null) out[k] = toJsonSchema(v, doc)
    else out[k] = v
  }
  if (typeof s.exclusiveMinimum === 'boolean') {
    if (s.exclusiveMinimum) out.exclusiveMinimum = s.minimum
    else delete out.exclusiveMinimum
    if (s.exclusiveMinimum) delete out.minimum
  }
  if (typeof s.exclusiveMaximum === 'boolean') {
    if (s.exclusiveMaximum) out.exclusiveMaximum = s.maximum
    else delete out.exclusiveMaximum
    if (s.exclusiveMaximum) delete out.maximum
  }
  if (s.nullable === true) {
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
    if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] }
    if (out.type === undefined) return { anyOf: [out, { type: 'null' }] }
  }
  return out
}

export function responseValidator(doc: OpenApiDoc) {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true })
  addFormats(ajv)
  ajv.addFormat('binary', true)
  const cache = new Map<unknown, ValidateFunction>()
  return (schema: JsonSchema, value: unknown): string | null => {
    const validate = cache.get(schema) ?? ajv.compile(toJsonSchema(schema, doc) as JsonSchema)
    cache.set(schema, validate)
    if (validate(value)) return null
    return (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('; ')
  }
}
