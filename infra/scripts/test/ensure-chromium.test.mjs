// ensure-chromium.sh refuses Ubuntu's Chromium snap (Playwright cannot drive it) and says what to use instead.
// Run with `node --test infra/scripts/test/` (part of `make test-infra`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'ensure-chromium.sh')

function ensure(chromium) {
  const r = spawnSync('bash', [SCRIPT], { env: { ...process.env, PMOS_CHROMIUM: chromium }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  return { code: r.status, err: r.stderr }
}

test('a launcher that runs the snap, or a link into /snap, is refused with the advice; a real browser passes', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmos-chromium-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const launcher = path.join(dir, 'chromium-browser')
  writeFileSync(launcher, '#!/bin/sh\nexec /snap/bin/chromium "$@"\n') // what Ubuntu's chromium-browser deb installs
  chmodSync(launcher, 0o755)
  const refused = ensure(launcher)
  assert.equal(refused.code, 1)
  assert.match(refused.err, /is the Chromium snap, which Playwright cannot drive: set PMOS_CHROMIUM to a Chromium or Chrome that is not a snap/)
  assert.match(refused.err, /google-chrome/)

  const fake = path.join(dir, 'browser')
  writeFileSync(fake, '#!/bin/sh\necho "Chromium 1.2.3"\n')
  chmodSync(fake, 0o755)
  const ok = ensure(fake)
  assert.equal(ok.code, 0, ok.err)
  assert.match(ok.err, /ready: .*browser \(Chromium 1\.2\.3\)/)
})
