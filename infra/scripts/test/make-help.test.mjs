// `make help` lists every target of the Makefile's .PHONY line (its grep pattern once dropped names with digits,
// such as test-e2e). Run with `node --test infra/scripts/test/` (part of `make test-infra`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

test('make help lists every .PHONY target, test-e2e included, with its description', () => {
  const makefile = readFileSync(path.join(REPO, 'Makefile'), 'utf8')
  const phony = makefile.match(/^\.PHONY:(.*)$/m)[1].trim().split(/\s+/)
  assert.ok(phony.includes('test-e2e'))
  const help = execFileSync('make', ['-s', '--no-print-directory', 'help'], { cwd: REPO, encoding: 'utf8' })
  const listed = new Map(help.split('\n').filter(Boolean).map((line) => {
    const m = line.match(/^ {2}make (\S+) +(.+)$/)
    assert.ok(m, `unexpected help line: ${line}`)
    return [m[1], m[2]]
  }))
  for (const target of phony) assert.ok(listed.has(target), `make help does not list ${target}`)
})
