// A project-local cluster made by ensure-postgres.sh must not let every local user in: TCP logins need a password
// (generated into a 0600 file when none is given), the Unix socket admits only the same-named OS user, and a cluster
// an earlier version left on trust is tightened. Runs a throwaway cluster on a free port and data directory of its
// own (the machine's PostgreSQL is not touched); needs root and the server binaries (skipped otherwise).
// Run with `node --test infra/scripts/test/` (part of `make test-infra`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'ensure-postgres.sh')
const versions = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').filter((v) => existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)) : []
const BIN = versions.length ? `/usr/lib/postgresql/${versions.sort((a, b) => Number(a) - Number(b)).at(-1)}/bin` : null
const why = process.getuid?.() !== 0 ? 'needs root (initdb runs as the postgres system user)' : !BIN ? 'no PostgreSQL server binaries installed' : null

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

/** psql as the given OS user; {ok, out} */
function psql(args, { password, osUser } = {}) {
  const env = { ...process.env, PGPASSWORD: password ?? '', PGCONNECT_TIMEOUT: '5' }
  const cmd = osUser ? ['runuser', ['-u', osUser, '--', `${BIN}/psql`, ...args]] : [`${BIN}/psql`, args]
  const r = spawnSync(cmd[0], cmd[1], { env, encoding: 'utf8', cwd: '/' })
  return { ok: r.status === 0, out: (r.stdout + r.stderr).trim() }
}

function ensure(env, ...dbs) {
  const r = spawnSync('bash', [SCRIPT, ...dbs], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  assert.equal(r.status, 0, r.stderr)
  return r.stderr
}

test('project-local cluster: password on TCP, peer on the socket, a trust cluster tightened', { skip: why ?? false }, async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pmos-pg-'))
  chmodSync(dir, 0o755) // the postgres system user must reach the data directory
  const port = await freePort()
  const data = path.join(dir, 'data')
  const pwFile = path.join(dir, 'pg-password')
  const env = { ...process.env, PMOS_DB_PORT: String(port), PMOS_PG_DATA: data, PMOS_DB_PASSWORD_FILE: pwFile, PMOS_DB_HOST: '127.0.0.1', PMOS_DB_USER: 'postgres' }
  delete env.PMOS_DB_PASSWORD
  const stop = () => spawnSync('runuser', ['-u', 'postgres', '--', `${BIN}/pg_ctl`, '-D', data, 'stop', '-m', 'fast'], { cwd: '/', stdio: 'ignore' })
  t.after(() => {
    if (existsSync(path.join(data, 'postmaster.pid'))) stop()
    rmSync(dir, { recursive: true, force: true })
  })

  const log = ensure(env, 'pmos_probe')
  assert.match(log, /initialising project-local cluster/)
  assert.equal(statSync(pwFile).mode & 0o777, 0o600, 'password file is 0600')
  const password = readFileSync(pwFile, 'utf8').trim()
  assert.ok(password.length >= 24)
  assert.ok(!log.includes(password), 'the password is never logged')

  const tcp = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'pmos_probe', '-w', '-Atc', 'SELECT 1']
  const noPassword = psql(tcp)
  assert.ok(!noPassword.ok, 'TCP login without a password refused')
  assert.match(noPassword.out, /no password supplied|password authentication failed/)
  assert.ok(!psql(tcp, { password: 'guess' }).ok, 'TCP login with a wrong password refused')
  assert.equal(psql(tcp, { password }).out, '1')
  const socket = ['-h', '/tmp', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-w', '-Atc', 'SELECT 1']
  const stranger = psql(socket, { osUser: 'nobody' })
  assert.ok(!stranger.ok, 'another OS user cannot use the socket as postgres')
  assert.match(stranger.out, /Peer authentication failed/)
  const hba = readFileSync(path.join(data, 'pg_hba.conf'), 'utf8').split('\n').filter((l) => /^\s*(local|host)/.test(l))
  assert.ok(hba.length > 0 && hba.every((l) => !/\btrust\b/.test(l)), hba.join('\n'))

  // A cluster an earlier version made: trust everywhere. The next run, which connects fine under trust, tightens it,
  // and a login role of another name gets the (quote-containing) password given in PMOS_DB_PASSWORD.
  execFileSync('runuser', ['-u', 'postgres', '--', 'sed', '-i', '-E', 's/(peer|scram-sha-256)$/trust/', path.join(data, 'pg_hba.conf')], { cwd: '/' })
  execFileSync('runuser', ['-u', 'postgres', '--', `${BIN}/pg_ctl`, '-D', data, 'reload'], { cwd: '/', stdio: 'ignore' })
  assert.ok(psql(tcp).ok, 'trust admits anyone (the old state)')
  ensure(env, 'pmos_probe')
  assert.ok(!psql(tcp).ok, 'after the run a password is required again')
  assert.equal(psql(tcp, { password }).out, '1')

  const appPassword = "it's a long app password"
  ensure({ ...env, PMOS_DB_USER: 'pmos_app', PMOS_DB_PASSWORD: appPassword }, 'pmos_app_db')
  const app = ['-h', '127.0.0.1', '-p', String(port), '-U', 'pmos_app', '-d', 'pmos_app_db', '-w', '-Atc', 'SELECT current_user']
  assert.ok(!psql(app).ok)
  assert.equal(psql(app, { password: appPassword }).out, 'pmos_app')
})
