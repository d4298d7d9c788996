// The checks of the smoke suite, in order, against one PMOS (and the services it fronts when their URLs are given).
// Each check yields one row {name, result, ms, detail}; a check that needs an earlier one's result is skipped with
// the reason when that one failed. Nothing secret (password, session cookie, keys) ever goes into a row.
import { randomBytes } from 'node:crypto'
import WebSocket from 'ws'
import { FAIL, PASS, SKIP, WARN } from './table.mjs'

const ADMIN_ROLES = new Set(['super_admin', 'workspace_admin'])

/** An HTTP answer, or a plain sentence saying why there was none. */
class Unreachable extends Error {}

function describeFailure(error, url, timeoutMs) {
  if (error?.name === 'TimeoutError' || error?.name === 'AbortError') return `no answer from ${hostOf(url)} within ${timeoutMs / 1000} s`
  const code = error?.cause?.code ?? error?.code
  const where = hostOf(url)
  switch (code) {
    case 'ECONNREFUSED': return `nothing listens at ${where} (connection refused)`
    case 'ENOTFOUND': case 'EAI_AGAIN': return `the host name of ${where} does not resolve`
    case 'ECONNRESET': return `${where} closed the connection`
    case 'EHOSTUNREACH': case 'ENETUNREACH': return `${where} is not reachable from here`
    case 'CERT_HAS_EXPIRED': case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the TLS certificate of ${where} is not valid (${code})`
    default: return `cannot reach ${where}${code ? ` (${code})` : error?.cause?.message ? ` (${error.cause.message})` : ''}`
  }
}

function hostOf(url) {
  const u = new URL(url)
  return u.host
}

async function request(url, { method = 'GET', headers = {}, body, timeoutMs }) {
  const init = { method, headers: { accept: 'application/json, text/html;q=0.9', ...headers }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) }
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json'
    init.body = JSON.stringify(body)
  }
  let response
  let text
  try {
    response = await fetch(url, init)
    text = await response.text()
  } catch (error) {
    throw new Unreachable(describeFailure(error, url, timeoutMs))
  }
  let json = null
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(text)
    } catch {
      json = null
    }
  }
  return { status: response.status, headers: response.headers, text, json }
}

/** "HTTP 503: The database is not reachable." — the server's own plain sentence when it sent one. */
function httpProblem(res) {
  const sentence = res.json && typeof res.json.error === 'string' ? `: ${res.json.error}` : ''
  return `HTTP ${res.status}${sentence}`
}

function sessionCookie(res) {
  for (const cookie of res.headers.getSetCookie?.() ?? []) {
    const [pair] = cookie.split(';')
    if (pair.startsWith('pmos_session=') && pair.length > 'pmos_session='.length) return pair
  }
  return null
}

export class Smoke {
  constructor(options, { onRow } = {}) {
    this.o = options
    this.rows = []
    this.onRow = onRow ?? (() => {})
    this.state = {}
  }

  api(path) {
    return this.o.url + path
  }

  http(url, init = {}) {
    const headers = { ...(init.headers ?? {}) }
    if (init.session && this.state.cookie) headers.cookie = this.state.cookie
    return request(url, { ...init, headers, timeoutMs: this.o.timeoutMs })
  }

  /** Runs one check: fn returns [result, detail]; an Unreachable or other error is a FAIL with its sentence. */
  async check(name, fn) {
    const started = performance.now()
    let result
    let detail
    try {
      ;[result, detail] = await fn()
    } catch (error) {
      result = FAIL
      detail = error instanceof Unreachable ? error.message : `unexpected error: ${error?.message ?? error}`
    }
    const row = { name, result, ms: performance.now() - started, detail }
    this.rows.push(row)
    this.onRow(row)
    return row
  }

  skip(name, detail) {
    const row = { name, result: SKIP, ms: null, detail }
    this.rows.push(row)
    this.onRow(row)
    return row
  }

  async run() {
    const health = await this.check('health', () => this.health())
    if (health.result === FAIL && this.state.unreachable) {
      this.message = `PMOS does not answer at ${this.o.url}: ${health.detail}. Is it running, and is the URL right?`
      return this.rows
    }
    await this.check('readiness', () => this.readiness())
    await this.check('spa index', () => this.spa('/'))
    await this.check('spa deep link', () => this.spa('/flows/smoke-deep-link'))

    const account = await this.account()
    if (account) {
      await this.check('auth/me', () => this.me())
      if (this.state.user) {
        if (this.o.throwaway && ADMIN_ROLES.has(this.state.user.role)) await this.check('local connectors', () => this.localPresets())
        await this.check('connectors', () => this.connectors())
        await this.check('flows list', () => this.flows())
        await this.check('websocket', () => this.websocket())
      } else {
        for (const name of ['connectors', 'flows list', 'websocket']) this.skip(name, 'not signed in (auth/me failed)')
      }
      await this.check('sign-out', () => this.signOut())
    } else {
      for (const name of ['auth/me', 'connectors', 'flows list', 'websocket']) this.skip(name, 'not signed in')
    }

    if (this.o.flowPiecesUrl) await this.check('flow pieces', () => this.flowPieces())
    else this.skip('flow pieces', 'no --flow-pieces-url given')
    if (this.o.bcgptUrl) await this.check('bcgpt', () => this.bcgpt())
    else this.skip('bcgpt', 'no --bcgpt-url given')
    return this.rows
  }

  async health() {
    let res
    try {
      res = await this.http(this.api('/api/health'))
    } catch (error) {
      this.state.unreachable = true
      throw error
    }
    if (res.status !== 200 || res.json?.ok !== true) return [FAIL, `GET /api/health answered ${httpProblem(res)}`]
    return [PASS, `version ${res.json.version ?? 'unknown'}`]
  }

  async readiness() {
    if (this.o.managementUrl === null) return [SKIP, '--management-url none']
    const url = `${this.o.managementUrl}/q/health/ready`
    let res
    try {
      res = await this.http(url)
    } catch (error) {
      if (this.o.managementGuessed && error instanceof Unreachable) {
        return [SKIP, `${error.message}: the management port was guessed; pass --management-url URL (or none)`]
      }
      throw error
    }
    const checks = Array.isArray(res.json?.checks) ? res.json.checks : []
    const down = checks.filter((c) => c.status !== 'UP').map((c) => c.name)
    if (res.status !== 200 || res.json?.status !== 'UP') {
      return [FAIL, `${url} answered HTTP ${res.status}${down.length ? `; down: ${down.join(', ')}` : ''}`]
    }
    return [PASS, `UP (${checks.length} check${checks.length === 1 ? '' : 's'})`]
  }

  /** The SPA's index.html, served for / and for deep links, revalidated on every load. */
  async spa(path) {
    const res = await this.http(this.api(path), { headers: { accept: 'text/html' } })
    const type = res.headers.get('content-type') ?? ''
    const cache = res.headers.get('cache-control') ?? ''
    if (res.status !== 200) return [FAIL, `GET ${path} answered HTTP ${res.status}`]
    if (!type.includes('text/html')) return [FAIL, `GET ${path} is ${type || 'untyped'}, not HTML`]
    if (!/<div id="root"|<script[^>]+type="module"/.test(res.text)) return [FAIL, `GET ${path} is HTML but not the SPA's index (no root element or module script)`]
    if (!/no-cache|no-store|max-age=0/.test(cache)) return [FAIL, `GET ${path} may be cached (Cache-Control: ${cache || 'absent'}); a deploy would not be seen`]
    return [PASS, `HTML, Cache-Control: ${cache}`]
  }

  /** Signs up a throwaway account when no credentials were given, then signs in; false when there is no session. */
  async account() {
    if (this.o.throwaway) {
      const signup = await this.check('sign-up', () => this.signUp())
      if (signup.result !== PASS) {
        this.skip('sign-in', 'no account to sign in with')
        return false
      }
    }
    const login = await this.check('sign-in', () => this.signIn())
    return login.result === PASS
  }

  async signUp() {
    const config = await this.http(this.api('/api/pmos/auth/config'))
    if (config.status !== 200 || !config.json) return [FAIL, `GET /api/pmos/auth/config answered ${httpProblem(config)}`]
    if (config.json.bootstrapNeeded) {
      this.message = 'No account exists on this PMOS yet, and the first account becomes its super admin, so the smoke suite does not create it: sign up the first admin, then run again (or pass --email/--password).'
      return [FAIL, 'no account exists yet: will not create the super admin']
    }
    if (!config.json.signupEnabled) {
      this.message = 'Sign-up is closed on this PMOS and no --email/--password were given: pass the credentials of an account kept for smoke tests (or PMOS_SMOKE_EMAIL/PMOS_SMOKE_PASSWORD).'
      return [FAIL, 'sign-up is closed and no --email/--password were given']
    }
    const tag = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`
    this.o.email = `smoke-${tag}@smoke.pmos.invalid`
    this.o.password = randomBytes(18).toString('base64url')
    const res = await this.http(this.api('/api/pmos/auth/signup'), {
      method: 'POST', body: { name: `Smoke ${tag}`, email: this.o.email, password: this.o.password },
    })
    if (res.status !== 200 || res.json?.ok !== true) return [FAIL, `sign-up answered ${httpProblem(res)}`]
    return [PASS, `throwaway account ${this.o.email} (${res.json.user?.role ?? 'unknown role'})`]
  }

  async signIn() {
    const res = await this.http(this.api('/api/pmos/auth/login'), { method: 'POST', body: { email: this.o.email, password: this.o.password } })
    if (res.status !== 200 || res.json?.ok !== true) return [FAIL, `sign-in as ${this.o.email} answered ${httpProblem(res)}`]
    const cookie = sessionCookie(res)
    if (!cookie) return [FAIL, 'sign-in answered 200 but set no pmos_session cookie']
    this.state.cookie = cookie
    return [PASS, `as ${this.o.email}`]
  }

  async me() {
    const res = await this.http(this.api('/api/pmos/auth/me'), { session: true })
    if (res.status !== 200 || res.json?.authenticated !== true) return [FAIL, `GET /api/pmos/auth/me answered ${httpProblem(res)}`]
    const user = res.json.user ?? {}
    if (String(user.email).toLowerCase() !== this.o.email.toLowerCase()) return [FAIL, `the session belongs to ${user.email}, not ${this.o.email}`]
    this.state.user = user
    return [PASS, `${user.role} of workspace "${user.workspaceName}"`]
  }

  /**
   * A throwaway account's workspace has no connectors. When the server offers the local stand-ins (make run, the
   * end-to-end instance) they are connected, so that the connector test and the flows list have something real to
   * check; a production server offers none and this is skipped.
   */
  async localPresets() {
    const view = await this.http(this.api('/api/pmos/connectors'), { session: true })
    if (view.status !== 200 || !view.json) return [FAIL, `GET /api/pmos/connectors answered ${httpProblem(view)}`]
    const local = view.json.local ?? {}
    const body = {}
    if (local.flowPieces) body.flowPieces = { preset: 'local' }
    if (local.mcp) body.mcp = [{ name: 'local', preset: 'local' }]
    if (!body.flowPieces && !body.mcp) return [SKIP, 'the server offers no local connectors']
    body.ai = { provider: 'builtin' }
    const res = await this.http(this.api('/api/pmos/connectors'), { method: 'PUT', session: true, body })
    if (res.status !== 200 || res.json?.ok !== true) return [FAIL, `PUT /api/pmos/connectors answered ${httpProblem(res)}`]
    return [PASS, `connected ${Object.keys(body).join(', ')} (local presets, built-in AI)`]
  }

  /**
   * Admins run the connector tests (POST /connectors/test); members and viewers read the last results. A failing
   * connector is a WARN (the smoke suite checks PMOS, not the workspace's settings) unless --strict-connectors.
   */
  async connectors() {
    let entries
    let how
    if (ADMIN_ROLES.has(this.state.user.role)) {
      const res = await this.http(this.api('/api/pmos/connectors/test'), { method: 'POST', session: true, body: {} })
      if (res.status !== 200 || !Array.isArray(res.json?.results)) return [FAIL, `POST /api/pmos/connectors/test answered ${httpProblem(res)}`]
      entries = res.json.results.map((r) => ({
        name: r.connector, configured: r.configured, state: r.configured ? r.status : 'not configured', code: r.error?.code,
      }))
      how = 'tested'
    } else {
      const res = await this.http(this.api('/api/pmos/connectors'), { session: true })
      if (res.status !== 200 || !Array.isArray(res.json?.status)) return [FAIL, `GET /api/pmos/connectors answered ${httpProblem(res)}`]
      entries = res.json.status.map((s) => ({
        name: s.connector, configured: s.configured, state: !s.configured ? 'not configured' : s.state ?? 'not tested yet',
      }))
      how = 'last results (not an admin: not re-tested)'
    }
    const configured = entries.filter((e) => e.configured)
    if (configured.length === 0) return [SKIP, 'no connector configured in this workspace']
    const failed = configured.filter((e) => e.state === 'failed')
    const detail = `${how}: ${entries.map((e) => `${e.name} ${e.state}${e.code ? ` (${e.code})` : ''}`).join(', ')}`
    if (failed.length === 0) return [PASS, detail]
    return [this.o.strictConnectors ? FAIL : WARN, detail]
  }

  async flows() {
    const res = await this.http(this.api('/api/pmos/flows?limit=5'), { session: true })
    if (res.status === 409) return [SKIP, 'no Flow Pieces connector in this workspace']
    if (res.status !== 200 || !Array.isArray(res.json?.flows)) return [FAIL, `GET /api/pmos/flows answered ${httpProblem(res)}`]
    this.state.flows = res.json.flows
    const n = res.json.flows.length
    return [PASS, n === 0 ? 'no flows yet (empty list)' : `${n}${res.json.next ? '+' : ''} flow${n === 1 ? '' : 's'}`]
  }

  /**
   * Opens /api/pmos/ws with the session cookie and the Origin a browser on --url sends, subscribes to a topic the
   * account may watch (a flow it has, else its workspace's approvals as an admin) and awaits "subscribed"; with
   * neither available, a ping must come back as pong.
   */
  websocket() {
    const target = new URL(this.api('/api/pmos/ws'))
    target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:'
    let topic = null
    if (this.state.flows?.length) topic = `flow:${this.state.flows[0].id}`
    else if (ADMIN_ROLES.has(this.state.user.role) && this.state.user.workspaceId) topic = `approvals:${this.state.user.workspaceId}`
    const hello = topic ? { type: 'subscribe', topic } : { type: 'ping' }
    return new Promise((resolve) => {
      let settled = false
      const ws = new WebSocket(target.href, { origin: this.o.origin, headers: { cookie: this.state.cookie }, handshakeTimeout: this.o.timeoutMs })
      const finish = (result, detail) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        ws.removeAllListeners('close')
        ws.on('error', () => {})
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate()
        resolve([result, detail])
      }
      const timer = setTimeout(() => finish(FAIL, `no answer to ${hello.type} within ${this.o.timeoutMs / 1000} s`), this.o.timeoutMs)
      ws.on('unexpected-response', (_req, res) => {
        const hint = res.statusCode === 403 ? ` (Origin ${this.o.origin} refused: set --origin to PMOS_PUBLIC_URL)` : ''
        finish(FAIL, `upgrade refused with HTTP ${res.statusCode}${hint}`)
      })
      ws.on('error', (error) => finish(FAIL, describeFailure(error, target.href.replace(/^ws/, 'http'), this.o.timeoutMs)))
      ws.on('close', (code, reason) => finish(FAIL, `closed by the server (${code}${reason.length ? ` ${reason}` : ''})`))
      ws.on('open', () => ws.send(JSON.stringify(hello)))
      ws.on('message', (data) => {
        let msg
        try {
          msg = JSON.parse(String(data))
        } catch {
          return finish(FAIL, 'the server sent a frame that is not JSON')
        }
        if (topic && msg.type === 'subscribed' && msg.topic === topic) finish(PASS, `subscribed to ${topic.split(':')[0]}:… (seq ${msg.seq})`)
        else if (!topic && msg.type === 'pong') finish(PASS, 'ping answered (no topic this account may watch)')
        else if (msg.type === 'error') finish(FAIL, `${msg.code}: ${msg.message}`)
      })
    })
  }

  async signOut() {
    const res = await this.http(this.api('/api/pmos/auth/logout'), { method: 'POST', session: true, body: {} })
    if (res.status !== 200) return [FAIL, `POST /api/pmos/auth/logout answered ${httpProblem(res)}`]
    const after = await this.http(this.api('/api/pmos/auth/me'), { session: true })
    if (after.status !== 401) return [FAIL, `the session still works after sign-out (auth/me answered HTTP ${after.status})`]
    return [PASS, this.o.throwaway ? 'session ended (the throwaway account stays: there is no self-delete)' : 'session ended']
  }

  async flowPieces() {
    const res = await this.http(`${this.o.flowPiecesUrl}/api/v1/flags`)
    if (res.status !== 200 || !res.json || typeof res.json !== 'object') return [FAIL, `GET /api/v1/flags answered HTTP ${res.status}${res.json ? '' : ' (not JSON)'}`]
    const edition = res.json.EDITION ?? res.json.edition
    const version = res.json.CURRENT_VERSION ?? res.json.currentVersion
    return [PASS, [edition && `edition ${edition}`, version && `version ${version}`].filter(Boolean).join(', ') || `${Object.keys(res.json).length} flags`]
  }

  async bcgpt() {
    const res = await this.http(`${this.o.bcgptUrl}/health`)
    if (res.status !== 200) return [FAIL, `GET /health answered HTTP ${res.status}`]
    return [PASS, res.json?.status ? `status ${res.json.status}` : 'HTTP 200']
  }
}
