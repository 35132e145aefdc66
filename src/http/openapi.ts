import { jsonSchemaTransformObject } from 'fastify-type-provider-zod'

type Transformed = ReturnType<typeof jsonSchemaTransformObject>

/**
 * The zod registry emits every named schema twice, for input and for output; a schema only ever
 * sent (the Problem) leaves an input twin nothing refers to. Dropping the unreferenced ones keeps
 * the document clean under Spectral's oas ruleset.
 */
export function transformOpenApi(input: Parameters<typeof jsonSchemaTransformObject>[0]): Transformed {
  const doc = jsonSchemaTransformObject(input) as { components?: { schemas?: Record<string, unknown> } }
  const schemas = doc.components?.schemas
  if (!schemas) return doc as Transformed
  const text = JSON.stringify(doc)
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => text.includes(`"#/components/schemas/${name}"`)))
  return { ...doc, components: { ...doc.components, schemas: kept } } as Transformed
}
