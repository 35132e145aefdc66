/** A multipart/form-data body: the fields as JSON in a part named "json" (when given), then each file. */
export function multipart(fields: Record<string, unknown> | null, files: { name: string; type: string; bytes: Uint8Array }[], fileField = 'receipts') {
  const boundary = `----jiawei${Math.random().toString(16).slice(2)}`
  const parts: Buffer[] = fields
    ? [Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="json"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(fields)}\r\n`)]
    : []
  for (const f of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`),
      Buffer.from(f.bytes),
      Buffer.from('\r\n'),
    )
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}
