// Timestamps for `created`/`updated`: ISO strings that never repeat or go backwards within the
// process, so "latest version" and "newest run" orderings are exact even within one millisecond.
let last = 0

export function nowIso() {
    const now = Math.max(Date.now(), last + 1)
    last = now
    return new Date(now).toISOString()
}
