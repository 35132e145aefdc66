import { createServer } from 'node:http'

/**
 * Holds the port while the database opens and migrates (a fresh embedded database spends
 * seconds in initdb): /health answers that the process is alive, everything else gets a 503
 * problem with Retry-After instead of a refused connection. The app takes the port over once
 * it is ready; /ready is the app's own and says when the database answers.
 */
export async function holdPortWhileStarting(port: number, host: string) {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url?.split('?')[0] === '/health') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end('{"status":"ok"}')
      return
    }
    res.writeHead(503, { 'content-type': 'application/problem+json; charset=utf-8', 'retry-after': '2' }).end(
      JSON.stringify({
        type: 'https://jiawei.app/problems/starting',
        title: 'Service Unavailable',
        status: 503,
        code: 'starting',
        detail: 'Jiawei is starting (opening and migrating the database); retry in a few seconds',
      }),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  return {
    release: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
