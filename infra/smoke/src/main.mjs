// Entry point of infra/smoke/run: parse the arguments, run the checks, print the table, exit 0/1 (2: bad arguments).
import { parseArgs, USAGE, UsageError } from './args.mjs'
import { Smoke } from './smoke.mjs'
import { exitCode, formatTable, summary } from './table.mjs'

// Piped into head or grep -q: a closed stdout is not an error of the suite.
process.stdout.on('error', (error) => { if (error.code !== 'EPIPE') throw error })

async function main() {
  let options
  try {
    options = parseArgs(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`smoke: ${error.message}\n\n${USAGE}\n`)
    return 2
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  process.stdout.write(`PMOS smoke suite against ${options.url}\n\n`)
  const smoke = new Smoke(options)
  const rows = await smoke.run()
  process.stdout.write(`${formatTable(rows)}\n\n${summary(rows)}\n`)
  if (smoke.message) process.stdout.write(`${smoke.message}\n`)
  const code = exitCode(rows)
  process.stdout.write(code === 0 ? 'smoke: OK\n' : 'smoke: FAILED\n')
  return code
}

main().then((code) => { process.exitCode = code }, (error) => {
  process.stderr.write(`smoke: unexpected error: ${error?.message ?? error}\n`)
  process.exitCode = 1
})
