// Replays issue 8 §8: `make run` used to start the demo MCP server with the caller's whole environment, so its
// get-env tool printed PMOS_SECRET_KEY and the database settings. local-services.sh must start both stand-ins with
// a minimal environment. Run with `node --test infra/scripts/test/` (part of `make test-infra`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'local-services.sh')
const CANARIES = {
  PMOS_SECRET_KEY: 'canary-master-key-0f9e8d7c6b5a',
  PMOS_DB_PASSWORD: 'canary-db-password-1a2b3c4d',
  QUARKUS_DATASOURCE_PASSWORD: 'canary-datasource-5e6f7a8b',
  SOME_TOKEN: 'canary-token-9c0d1e2f',
}

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

function run(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [SCRIPT, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { err += d })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`local-services.sh ${args} exited ${code}: ${err}`))))
  })
}

/** One JSON-RPC message to the Streamable HTTP endpoint; the answer may come as JSON or as one SSE event. */
async function rpc(url, session, body) {
  const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
  if (session) headers['mcp-session-id'] = session
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) })
  assert.ok(response.ok, `MCP answered ${response.status}`)
  const text = await response.text()
  const sessionId = response.headers.get('mcp-session-id') ?? session
  if (body.id === undefined) return { sessionId }
  const json = text.trimStart().startsWith('{') ? text
    : text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).find((l) => l.includes(`"id":${body.id}`))
  return { sessionId, message: JSON.parse(json) }
}

test('local services get a minimal environment: get-env and /proc show none of the caller\'s secrets', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmos-local-services-'))
  const fpPort = await freePort()
  const mcpPort = await freePort()
  const env = {
    ...process.env,
    ...CANARIES,
    PMOS_LOCAL_FLOW_PIECES_PORT: String(fpPort),
    PMOS_LOCAL_MCP_PORT: String(mcpPort),
    PMOS_LOCAL_RUN_DIR: path.join(dir, 'run'),
    PMOS_LOCAL_LOG_DIR: path.join(dir, 'logs'),
    PMOS_LOCAL_FLOW_PIECES_DATA: path.join(dir, 'flow-pieces.json'),
  }
  t.after(async () => {
    await run(['stop'], env).catch(() => {})
    rmSync(dir, { recursive: true, force: true })
  })
  const exports = await run(['start'], env)
  assert.match(exports, new RegExp(`PMOS_LOCAL_MCP_URL=http://127.0.0.1:${mcpPort}/mcp`))

  const url = `http://127.0.0.1:${mcpPort}/mcp`
  const init = await rpc(url, null, {
    jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pmos-test', version: '0' } },
  })
  await rpc(url, init.sessionId, { jsonrpc: '2.0', method: 'notifications/initialized' })
  const called = await rpc(url, init.sessionId, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-env', arguments: {} } })
  const printed = JSON.stringify(called.message.result)
  assert.match(printed, /PORT/, 'get-env answered with the environment it has')
  for (const [name, value] of Object.entries(CANARIES)) {
    assert.ok(!printed.includes(value), `get-env printed ${name}`)
    assert.ok(!printed.includes(name), `get-env printed the name ${name}`)
  }

  const pids = {}
  for (const name of ['mcp', 'flow-pieces']) {
    const pid = readFileSync(path.join(dir, 'run', `${name}.pid`), 'utf8').trim()
    pids[name] = pid
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean)
    const names = environ.map((e) => e.slice(0, e.indexOf('=')))
    for (const [canary, value] of Object.entries(CANARIES)) {
      assert.ok(!environ.some((e) => e.includes(value)), `${name} has ${canary} in its environment`)
    }
    assert.ok(names.includes('PATH'), `${name} still has PATH`)
    assert.ok(names.every((n) => ['PATH', 'HOME', 'LANG', 'PORT'].includes(n) || n.startsWith('FLOW_PIECES_')),
      `${name} has only what it needs: ${names.join(' ')}`)
  }

  // `stop` recognises its own processes (command line and directory) and ends them
  await run(['stop'], env)
  for (const [name, pid] of Object.entries(pids)) {
    await until(() => !existsSync(`/proc/${pid}`) || readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] === 'Z', `${name} (pid ${pid}) still runs after stop`)
    assert.ok(!existsSync(path.join(dir, 'run', `${name}.pid`)), `${name}.pid removed`)
  }
})

/** Writes a line to a child that echoes its stdin; resolves with the echo, or null when the child has ended. */
function echoed(child, line) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(null)
    let got = ''
    const onData = (d) => {
      got += d
      if (got.endsWith('\n')) { child.off('exit', onExit); resolve(got) }
    }
    const onExit = () => resolve(null)
    child.stdout.on('data', onData)
    child.once('exit', onExit)
    child.stdin.write(line)
  })
}

/** Polls cond every 100 ms for at most 10 s. */
async function until(cond, message) {
  const deadline = Date.now() + 10_000
  while (!cond()) {
    assert.ok(Date.now() < deadline, message)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

test('stop never kills a process it did not start: a stale pid file pointing at another process leaves it running', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmos-local-services-'))
  // an unrelated process, e.g. a pid reused after a reboot: same program (node), other command line
  const echo = "process.stdin.on('data', (d) => process.stdout.write(d))"
  const bystander = spawn(process.execPath, ['-e', echo], { stdio: ['pipe', 'pipe', 'ignore'] })
  // and one with the very command line of the stand-in but started elsewhere (another checkout's Flow Pieces)
  const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'pmos-elsewhere-'))
  mkdirSync(path.join(elsewhere, 'src'))
  writeFileSync(path.join(elsewhere, 'src', 'main.js'), `${echo}\n`)
  const twin = spawn('node', ['src/main.js'], { cwd: elsewhere, stdio: ['pipe', 'pipe', 'ignore'] })
  t.after(() => {
    bystander.kill('SIGKILL')
    twin.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
    rmSync(elsewhere, { recursive: true, force: true })
  })
  await until(() => existsSync(`/proc/${twin.pid}/cmdline`) && readFileSync(`/proc/${twin.pid}/cmdline`, 'utf8').includes('src/main.js'), 'twin started')
  const runDir = path.join(dir, 'run')
  mkdirSync(runDir)
  writeFileSync(path.join(runDir, 'mcp.pid'), `${bystander.pid}\n`)
  writeFileSync(path.join(runDir, 'flow-pieces.pid'), `${twin.pid}\n`)
  const env = { ...process.env, PMOS_LOCAL_RUN_DIR: runDir, PMOS_LOCAL_LOG_DIR: path.join(dir, 'logs') }

  const child = spawn('bash', [SCRIPT, 'stop'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d) => { err += d })
  const code = await new Promise((resolve) => child.once('exit', resolve))
  assert.equal(code, 0, err)
  assert.match(err, new RegExp(`not stopping pid ${bystander.pid} .*not the mcp this script started`))
  assert.match(err, new RegExp(`not stopping pid ${twin.pid} .*not the flow-pieces this script started`))
  // A signal sent before stop exited is acted on before the process can answer anything sent after: both still echo.
  for (const [name, p] of [['bystander', bystander], ['twin', twin]]) {
    assert.equal(await echoed(p, `still there ${name}\n`), `still there ${name}\n`, `${name} was killed`)
  }
  assert.ok(!existsSync(path.join(runDir, 'mcp.pid')) && !existsSync(path.join(runDir, 'flow-pieces.pid')), 'stale pid files removed')
})
