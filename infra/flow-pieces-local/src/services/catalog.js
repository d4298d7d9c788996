// Piece metadata from the generated catalog/pieces.json (never from piece packages at run time).
import fs from 'node:fs'
import shared from '@activepieces/shared'
import { apError, ErrorCode } from '../http/errors.js'

const { flowPieceUtil } = shared

export class Catalog {
    /** @param {string} file */
    constructor(file) {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
        /** @type {Map<string, any>} */
        this.pieces = new Map(parsed.pieces.map((piece) => [piece.name, piece]))
        this.skipped = parsed.skipped ?? []
    }

    /**
     * The piece for a name and an optional version. The catalog holds one version per piece; a
     * request for another version of the same major resolves to it, another major is not found.
     */
    find(name, version) {
        const piece = this.pieces.get(name)
        if (!piece) {
            return null
        }
        if (version === undefined || version === null || version === '') {
            return piece
        }
        const wanted = flowPieceUtil.getExactVersion(version)
        return wanted.split('.')[0] === piece.version.split('.')[0] ? piece : null
    }

    getOrThrow(name, version) {
        const piece = this.find(name, version)
        if (!piece) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, {
                entityType: 'piece',
                entityId: name,
                message: `piece not found name=${name} version=${version ?? 'latest'}`,
            })
        }
        return piece
    }

    /** Full metadata as the real GET /v1/pieces/:name returns it. */
    toPublic(piece) {
        const { _catalog, ...rest } = piece
        return { ...rest, actions: stripMarks(rest.actions), triggers: stripMarks(rest.triggers) }
    }

    /** Summaries as the real GET /v1/pieces returns them: action and trigger counts instead of maps. */
    list({ searchQuery, suggestionType }) {
        const query = (searchQuery ?? '').trim().toLowerCase()
        const out = []
        for (const piece of this.pieces.values()) {
            const { _catalog, actions, triggers, ...summary } = piece
            const matchesPiece = !query || [piece.name, piece.displayName, piece.description].some((text) => (text ?? '').toLowerCase().includes(query))
            const suggestedActions = query ? matching(actions, query) : []
            const suggestedTriggers = query ? matching(triggers, query) : []
            if (!matchesPiece && suggestedActions.length === 0 && suggestedTriggers.length === 0) {
                continue
            }
            const entry = { ...summary, actions: Object.keys(actions).length, triggers: Object.keys(triggers).length }
            if (query && suggestionType) {
                if (suggestionType !== 'TRIGGER') {
                    entry.suggestedActions = suggestedActions
                }
                if (suggestionType !== 'ACTION') {
                    entry.suggestedTriggers = suggestedTriggers
                }
            }
            out.push(entry)
        }
        return out.sort((a, b) => a.displayName.localeCompare(b.displayName))
    }
}

function matching(steps, query) {
    return Object.values(steps)
        .filter((step) => [step.name, step.displayName, step.description].some((text) => (text ?? '').toLowerCase().includes(query)))
        .map((step) => ({ name: step.name, displayName: step.displayName, description: step.description ?? '' }))
}

// `dynamic: true` is a catalog annotation; the real API does not send it.
function stripMarks(steps) {
    const out = {}
    for (const [name, step] of Object.entries(steps ?? {})) {
        const props = {}
        for (const [propName, prop] of Object.entries(step.props ?? {})) {
            const { dynamic, ...rest } = prop
            props[propName] = rest
        }
        out[name] = { ...step, props }
    }
    return out
}
