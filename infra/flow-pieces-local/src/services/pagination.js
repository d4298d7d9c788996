// Seek pagination with opaque cursors, like the real server's SeekPage: newest first by default,
// oldest first with `order: 'ASC'` (the real project listing's order).
// `next` is passed back as `cursor` for the following page, `previous` for the page before.

const DEFAULT_LIMIT = 10

/**
 * @template T
 * @param {T[]} items
 * @param {{cursor?: string, limit?: number, sortKey: (item: T) => string, order?: 'ASC'|'DESC'}} options
 * @returns {{data: T[], next: string|null, previous: string|null}}
 */
export function seekPage(items, { cursor, limit, sortKey, order = 'DESC' }) {
    const size = Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_LIMIT
    const direction = order === 'ASC' ? -1 : 1
    const compare = (a, b) => direction * compareDesc(a, b)
    const sorted = [...items].sort((a, b) => compare([sortKey(a), a.id], [sortKey(b), b.id]))
    const decoded = decodeCursor(cursor)
    let start = 0
    let end
    if (decoded?.direction === 'next') {
        start = sorted.findIndex((item) => compare([sortKey(item), item.id], decoded.position) > 0)
        start = start === -1 ? sorted.length : start
        end = Math.min(start + size, sorted.length)
    }
    else if (decoded?.direction === 'previous') {
        let before = sorted.findIndex((item) => compare([sortKey(item), item.id], decoded.position) >= 0)
        before = before === -1 ? sorted.length : before
        end = before
        start = Math.max(0, end - size)
    }
    else {
        end = Math.min(size, sorted.length)
    }
    const data = sorted.slice(start, end)
    const position = (item) => [sortKey(item), item.id]
    return {
        data,
        next: end < sorted.length && data.length > 0 ? encodeCursor('next', position(data[data.length - 1])) : null,
        previous: start > 0 && data.length > 0 ? encodeCursor('previous', position(data[0])) : null,
    }
}

function compareDesc([keyA, idA], [keyB, idB]) {
    if (keyA !== keyB) {
        return keyA > keyB ? -1 : 1
    }
    if (idA !== idB) {
        return idA > idB ? -1 : 1
    }
    return 0
}

function encodeCursor(direction, position) {
    return Buffer.from(JSON.stringify({ d: direction, p: position })).toString('base64url')
}

function decodeCursor(cursor) {
    if (!cursor) {
        return null
    }
    try {
        const { d, p } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
        if ((d === 'next' || d === 'previous') && Array.isArray(p) && p.length === 2) {
            return { direction: d, position: p }
        }
    }
    catch {
        // An unreadable cursor reads as the first page, as the real paginator does.
    }
    return null
}
