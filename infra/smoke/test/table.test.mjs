// The result table and the exit status of infra/smoke/run.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { exitCode, FAIL, formatTable, formatTime, oneLine, PASS, SKIP, summary, WARN } from '../src/table.mjs'

const rows = [
  { name: 'health', result: PASS, ms: 12.4, detail: 'version 0.1.0' },
  { name: 'spa deep link', result: PASS, ms: 1534, detail: 'HTML, Cache-Control: no-cache' },
  { name: 'connectors', result: WARN, ms: 250, detail: 'tested: flowPieces failed (FLOW_PIECES_UNREACHABLE)' },
  { name: 'bcgpt', result: SKIP, ms: null, detail: 'no --bcgpt-url given' },
]

test('the table: a header, a rule, one aligned line per check (time right-aligned)', () => {
  assert.equal(formatTable(rows), [
    'check          result    time  detail',
    '-------------  ------  ------  ------',
    'health         PASS     12 ms  version 0.1.0',
    'spa deep link  PASS     1.5 s  HTML, Cache-Control: no-cache',
    'connectors     WARN    250 ms  tested: flowPieces failed (FLOW_PIECES_UNREACHABLE)',
    'bcgpt          SKIP         -  no --bcgpt-url given',
  ].join('\n'))
})

test('details are one line and at most 160 characters', () => {
  assert.equal(oneLine('a\n  b\tc'), 'a b c')
  const long = oneLine('x'.repeat(500))
  assert.equal(long.length, 160)
  assert.ok(long.endsWith('…'))
  const table = formatTable([{ name: 'x', result: FAIL, ms: 1, detail: 'line one\nline two' }])
  assert.equal(table.split('\n').length, 3)
})

test('times: milliseconds under a second, seconds with one decimal above, - when not run', () => {
  assert.equal(formatTime(0.4), '0 ms')
  assert.equal(formatTime(999), '999 ms')
  assert.equal(formatTime(1000), '1.0 s')
  assert.equal(formatTime(61234), '61.2 s')
  assert.equal(formatTime(null), '-')
})

test('exit status: 0 with PASS, WARN and SKIP rows; 1 as soon as one row is FAIL', () => {
  assert.equal(exitCode(rows), 0)
  assert.equal(exitCode([...rows, { name: 'websocket', result: FAIL, ms: 3, detail: 'upgrade refused with HTTP 403' }]), 1)
  assert.equal(exitCode([]), 0)
})

test('summary counts every result', () => {
  assert.equal(summary(rows), '2 passed, 1 warning, 1 skipped, 0 failed')
  assert.equal(summary([...rows, rows[2], { name: 'x', result: FAIL }]), '2 passed, 2 warnings, 1 skipped, 1 failed')
})
