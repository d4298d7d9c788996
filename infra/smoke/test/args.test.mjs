// Argument parsing of infra/smoke/run: the CLI the rollback drill and operators call.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { parseArgs, UsageError } from '../src/args.mjs'

test('--url alone: throwaway account, management port guessed on the same host, origin from the URL', () => {
  const o = parseArgs(['--url', 'https://pmos.example.com/'])
  assert.equal(o.url, 'https://pmos.example.com')
  assert.equal(o.throwaway, true)
  assert.equal(o.managementUrl, 'http://pmos.example.com:9000')
  assert.equal(o.managementGuessed, true)
  assert.equal(o.origin, 'https://pmos.example.com')
  assert.equal(o.flowPiecesUrl, null)
  assert.equal(o.bcgptUrl, null)
  assert.equal(o.strictConnectors, false)
  assert.equal(o.timeoutMs, 15000)
})

test('every option, in both spellings (--name value and --name=value)', () => {
  const o = parseArgs(['--url=http://127.0.0.1:18080', '--email', 'ops@example.com', '--password=p a s s',
    '--management-url', 'http://127.0.0.1:18084/', '--flow-pieces-url', 'http://127.0.0.1:18081',
    '--bcgpt-url', 'https://bcgpt.example.com/mcp', '--origin', 'https://pmos.example.com', '--strict-connectors', '--timeout', '2.5'])
  assert.deepEqual(o, {
    help: false,
    url: 'http://127.0.0.1:18080',
    email: 'ops@example.com',
    password: 'p a s s',
    throwaway: false,
    managementUrl: 'http://127.0.0.1:18084',
    managementGuessed: false,
    flowPiecesUrl: 'http://127.0.0.1:18081',
    bcgptUrl: 'https://bcgpt.example.com',
    origin: 'https://pmos.example.com',
    strictConnectors: true,
    timeoutMs: 2500,
  })
})

test('--management-url none skips readiness; a path prefix on --url is kept', () => {
  const o = parseArgs(['--url', 'https://example.com/pmos/', '--management-url', 'none'])
  assert.equal(o.managementUrl, null)
  assert.equal(o.url, 'https://example.com/pmos')
  assert.equal(o.origin, 'https://example.com')
})

test('credentials come from PMOS_SMOKE_EMAIL / PMOS_SMOKE_PASSWORD when the options are absent', () => {
  const o = parseArgs(['--url', 'http://localhost:8080'], { PMOS_SMOKE_EMAIL: 'a@example.com', PMOS_SMOKE_PASSWORD: 'secret-1' })
  assert.equal(o.email, 'a@example.com')
  assert.equal(o.password, 'secret-1')
  assert.equal(o.throwaway, false)
})

test('--help and -h win over everything else', () => {
  assert.deepEqual(parseArgs(['--help']), { help: true })
  assert.deepEqual(parseArgs(['--url', 'nonsense', '-h']), { help: true })
})

for (const [argv, message] of [
  [[], /--url is required/],
  [['--url'], /--url needs a value/],
  [['--url', '--email', 'x'], /--url needs a value/],
  [['--url', 'pmos.example.com'], /--url must be an http\(s\) URL/],
  [['--url', 'ftp://pmos.example.com'], /must start with http:\/\/ or https:\/\//],
  [['--url', 'https://u:secret@pmos.example.com'], /must not contain a user name or password/],
  [['--url', 'http://x', '--email', 'a@example.com'], /Give both --email and --password/],
  [['--url', 'http://x', '--password', 'p'], /Give both --email and --password/],
  [['--url', 'http://x', '--verbose'], /Unknown option --verbose/],
  [['--url', 'http://x', 'extra'], /Unexpected argument 'extra'/],
  [['--url', 'http://x', '--url', 'http://y'], /--url is given twice/],
  [['--url', 'http://x', '--strict-connectors=yes'], /takes no value/],
  [['--url', 'http://x', '--timeout', '0'], /--timeout must be/],
  [['--url', 'http://x', '--timeout', 'soon'], /--timeout must be/],
  [['--url', 'http://x', '--origin', 'https://pmos.example.com/app'], /--origin must be an http\(s\) origin/],
  [['--url', 'http://x', '--origin', 'null'], /--origin must be an http\(s\) origin/],
]) {
  test(`refused with a plain sentence: ${argv.join(' ') || '(nothing)'}`, () => {
    assert.throws(() => parseArgs(argv), (e) => e instanceof UsageError && message.test(e.message))
  })
}

test('a refused URL is echoed without its credentials', () => {
  assert.throws(() => parseArgs(['--url', 'https://u:hunter2@pmos.example.com']), (e) => !e.message.includes('hunter2'))
  assert.throws(() => parseArgs(['--url', '//u:hunter2@host']), (e) => !e.message.includes('hunter2'))
})
