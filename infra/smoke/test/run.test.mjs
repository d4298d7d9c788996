// infra/smoke/run as a command: exit statuses and the plain message when nothing answers at --url.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const RUN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'run')

function run(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(RUN, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => { stdout += d })
    child.stderr.on('data', (d) => { stderr += d })
    child.once('error', reject)
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

/** A port nothing listens on: bound, then closed again. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

test('nothing listens at --url: exit 1, one FAIL row and a plain sentence; the password is never printed', async () => {
  const port = await freePort()
  const { code, stdout, stderr } = await run(['--url', `http://127.0.0.1:${port}`, '--email', 'ops@example.com', '--password', 'canary-password-8f7e6d'])
  assert.equal(code, 1, stdout + stderr)
  assert.match(stdout, new RegExp(`health +FAIL +\\d+ ms +nothing listens at 127\\.0\\.0\\.1:${port} \\(connection refused\\)`))
  assert.match(stdout, new RegExp(`PMOS does not answer at http://127\\.0\\.0\\.1:${port}: nothing listens .*Is it running`))
  assert.match(stdout, /smoke: FAILED/)
  assert.doesNotMatch(stdout + stderr, /canary-password/)
  assert.doesNotMatch(stdout + stderr, /at .*\.mjs:\d+/, 'no stack trace')
})

test('--help: exit 0 and the usage with the exit statuses', async () => {
  const { code, stdout } = await run(['--help'])
  assert.equal(code, 0)
  assert.match(stdout, /usage: infra\/smoke\/run --url URL/)
  assert.match(stdout, /Exit status: 0 every required check passed/)
})

test('bad arguments: exit 2 with the reason first, on stderr', async () => {
  const { code, stdout, stderr } = await run(['--email', 'a@example.com'])
  assert.equal(code, 2)
  assert.equal(stdout, '')
  assert.match(stderr, /^smoke: --url is required\./)
})
