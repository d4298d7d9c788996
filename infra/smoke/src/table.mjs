// The result table: one row per check (check, result, time, detail), columns aligned, nothing secret in it.

export const PASS = 'PASS'
export const WARN = 'WARN'
export const SKIP = 'SKIP'
export const FAIL = 'FAIL'

const DETAIL_MAX = 160

/** "12 ms" under a second, "1.4 s" above; "-" for a check that did not run. */
export function formatTime(ms) {
  if (ms === null || ms === undefined) return '-'
  if (ms < 1000) return `${Math.round(ms)} ms`
  return `${(ms / 1000).toFixed(1)} s`
}

/** One line of text: newlines and tabs folded, long details cut with an ellipsis. */
export function oneLine(text) {
  const line = String(text ?? '').replace(/\s+/g, ' ').trim()
  return line.length > DETAIL_MAX ? `${line.slice(0, DETAIL_MAX - 1)}…` : line
}

/** rows: [{name, result, ms, detail}] → the table as one string (header, rule, one line per row). */
export function formatTable(rows) {
  const lines = [['check', 'result', 'time', 'detail'], ...rows.map((r) => [r.name, r.result, formatTime(r.ms), oneLine(r.detail)])]
  const widths = [0, 1, 2].map((c) => Math.max(...lines.map((l) => l[c].length)))
  const render = (l) => [l[0].padEnd(widths[0]), l[1].padEnd(widths[1]), l[2].padStart(widths[2]), l[3]].join('  ').trimEnd()
  const rule = widths.map((w) => '-'.repeat(w)).join('  ') + '  ------'
  return [render(lines[0]), rule, ...lines.slice(1).map(render)].join('\n')
}

/** 0 when no required check failed, else 1. */
export function exitCode(rows) {
  return rows.some((r) => r.result === FAIL) ? 1 : 0
}

/** "9 passed, 1 warning, 2 skipped, 0 failed" */
export function summary(rows) {
  const count = (result) => rows.filter((r) => r.result === result).length
  const warnings = count(WARN)
  return `${count(PASS)} passed, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count(SKIP)} skipped, ${count(FAIL)} failed`
}
