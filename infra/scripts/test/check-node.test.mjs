// check-node.sh: `make` stops with a plain sentence when Node is older than Vite 8 needs, instead of npm's warning
// and a build error later. Run with `node --test infra/scripts/test/` (part of `make test-infra`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const SCRIPT = path.resolve(HERE, '..', 'check-node.sh')
const REPO = path.resolve(HERE, '..', '..', '..')

/** Runs check-node.sh with a fake `node` first on PATH that reports the given version. */
function check(version) {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'pmos-node-'))
  try {
    writeFileSync(path.join(bin, 'node'), `#!/bin/sh\necho ${version}\n`)
    chmodSync(path.join(bin, 'node'), 0o755)
    const r = spawnSync('bash', [SCRIPT], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' })
    return { code: r.status, err: r.stderr }
  } finally {
    rmSync(bin, { recursive: true, force: true })
  }
}

test('accepts exactly Vite 8\'s range ^20.19.0 || >=22.12.0', () => {
  for (const v of ['v20.19.0', 'v20.20.2', 'v22.12.0', 'v22.20.1', 'v23.0.0', 'v24.11.1']) assert.equal(check(v).code, 0, v)
  for (const v of ['v18.20.8', 'v20.11.1', 'v20.18.3', 'v21.7.3', 'v22.11.0']) {
    const { code, err } = check(v)
    assert.equal(code, 1, v)
    assert.match(err, new RegExp(`Node ${v.slice(1).replace(/\./g, '\\.')} is too old for the web UI's build: Vite 8 needs Node \\^20\\.19\\.0 \\|\\| >=22\\.12\\.0`))
  }
})

test('the range is the one web-ui\'s Vite declares (a Vite upgrade that changes it fails here)', () => {
  const lock = JSON.parse(readFileSync(path.join(REPO, 'web-ui', 'package-lock.json'), 'utf8'))
  const declared = lock.packages['node_modules/vite'].engines.node
  assert.match(readFileSync(SCRIPT, 'utf8'), new RegExp(`REQUIRED='${declared.replace(/[|^.]/g, '\\$&')}'`))
})

test('the machine\'s own Node passes (make test runs on it)', () => {
  assert.equal(spawnSync('bash', [SCRIPT]).status, 0, `node ${process.version} is too old for the web UI`)
})
