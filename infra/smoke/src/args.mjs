// Command-line arguments of infra/smoke/run: parsed into one options object, or a plain usage error.

export const USAGE = `usage: infra/smoke/run --url URL [options]

Checks a running PMOS and, when their URLs are given, the services it fronts. Prints a table
(check, result, time, detail) and exits 0 when every required check passed.

  --url URL               PMOS's public address, e.g. https://pmos.example.com (required)
  --email E               sign in as this account (with --password); without both, a throwaway
  --password P            account is signed up (needs open sign-up). PMOS_SMOKE_EMAIL and
                          PMOS_SMOKE_PASSWORD are read when the options are absent (a password on
                          the command line is visible to other local users in ps)
  --management-url URL    PMOS's management port, for /q/health/ready. Default: the host of --url
                          on port 9000 over http; that guess is skipped when nothing listens there.
                          "none" skips readiness (e.g. from outside the cluster)
  --flow-pieces-url URL   also check Flow Pieces: GET URL/api/v1/flags
  --bcgpt-url URL         also check BCGPT: GET URL/health (a URL ending in /mcp is taken as its base)
  --origin ORIGIN         Origin sent on the WebSocket upgrade. Default: the origin of --url (set it
                          when PMOS_PUBLIC_URL differs from --url)
  --strict-connectors     a failing connector test fails the suite (default: reported as WARN)
  --timeout SECONDS       per request (default 15)
  -h, --help              this text

Exit status: 0 every required check passed (WARN and SKIP rows allowed); 1 a required check
failed (including PMOS not answering at --url, or no account to sign in with); 2 bad arguments.`

const VALUE_OPTIONS = new Set(['url', 'email', 'password', 'management-url', 'flow-pieces-url', 'bcgpt-url', 'origin', 'timeout'])
const FLAG_OPTIONS = new Set(['strict-connectors', 'help'])

export class UsageError extends Error {}

/** Parses argv (without node and the script) and the environment; throws UsageError with a plain sentence. */
export function parseArgs(argv, env = {}) {
  const raw = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '-h') {
      raw.help = true
      continue
    }
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument '${arg}'.`)
    const eq = arg.indexOf('=')
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq)
    if (FLAG_OPTIONS.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value.`)
      raw[name] = true
    } else if (VALUE_OPTIONS.has(name)) {
      let value
      if (eq >= 0) value = arg.slice(eq + 1)
      else {
        value = argv[++i]
        if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`--${name} needs a value.`)
      }
      if (raw[name] !== undefined) throw new UsageError(`--${name} is given twice.`)
      raw[name] = value
    } else {
      throw new UsageError(`Unknown option --${name}.`)
    }
  }
  if (raw.help) return { help: true }
  if (!raw.url) throw new UsageError('--url is required.')

  const url = baseUrl(raw.url, '--url')
  const email = raw.email ?? env.PMOS_SMOKE_EMAIL ?? ''
  const password = raw.password ?? env.PMOS_SMOKE_PASSWORD ?? ''
  if (Boolean(email) !== Boolean(password)) {
    throw new UsageError('Give both --email and --password (or PMOS_SMOKE_EMAIL and PMOS_SMOKE_PASSWORD), or neither for a throwaway account.')
  }

  let managementUrl
  let managementGuessed = false
  if (raw['management-url'] === 'none') managementUrl = null
  else if (raw['management-url'] !== undefined) managementUrl = baseUrl(raw['management-url'], '--management-url')
  else {
    const guess = new URL(url)
    guess.protocol = 'http:'
    guess.port = '9000'
    guess.pathname = ''
    managementUrl = guess.origin
    managementGuessed = true
  }

  let bcgptUrl = raw['bcgpt-url'] === undefined ? null : baseUrl(raw['bcgpt-url'], '--bcgpt-url')
  if (bcgptUrl?.endsWith('/mcp')) bcgptUrl = bcgptUrl.slice(0, -4)

  let origin = new URL(url).origin
  if (raw.origin !== undefined) {
    let parsed
    try {
      parsed = new URL(raw.origin)
    } catch {
      throw new UsageError('--origin must be an http(s) origin such as https://pmos.example.com.')
    }
    if (!['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== raw.origin.replace(/\/+$/, '')) {
      throw new UsageError('--origin must be an http(s) origin such as https://pmos.example.com (no path).')
    }
    origin = parsed.origin
  }

  const timeout = raw.timeout === undefined ? 15 : Number(raw.timeout)
  if (!Number.isFinite(timeout) || timeout <= 0 || timeout > 600) throw new UsageError('--timeout must be a number of seconds between 0 and 600.')

  return {
    help: false,
    url,
    email,
    password,
    throwaway: !email,
    managementUrl,
    managementGuessed,
    flowPiecesUrl: raw['flow-pieces-url'] === undefined ? null : baseUrl(raw['flow-pieces-url'], '--flow-pieces-url'),
    bcgptUrl,
    origin,
    strictConnectors: Boolean(raw['strict-connectors']),
    timeoutMs: Math.round(timeout * 1000),
  }
}

/** An http(s) URL without query, fragment or trailing slash (a path prefix is kept: PMOS may live under one). */
function baseUrl(value, option) {
  let parsed
  try {
    parsed = new URL(value)
  } catch {
    throw new UsageError(`${option} must be an http(s) URL such as https://pmos.example.com (got '${shown(value)}').`)
  }
  if (!['http:', 'https:'].includes(parsed.protocol)) throw new UsageError(`${option} must start with http:// or https://.`)
  if (parsed.username || parsed.password) throw new UsageError(`${option} must not contain a user name or password.`)
  parsed.search = ''
  parsed.hash = ''
  return parsed.href.replace(/\/+$/, '')
}

/** Echoes a bad value without anything that looks like credentials in it. */
function shown(value) {
  return String(value).replace(/\/\/[^/@]*@/, '//…@').slice(0, 80)
}
