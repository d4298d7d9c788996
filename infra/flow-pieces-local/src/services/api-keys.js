// Project API keys: a key that opens exactly one project of the platform, made with the platform API key.
// Activepieces' own API keys are platform-wide; the stand-in adds these so a deployment shared by several
// PMOS workspaces gives each workspace a credential for its own project only (the setup real deployments
// should copy with one project and credential per workspace). Only a SHA-256 of each key is kept.
import { createHash, randomBytes } from 'node:crypto'
import shared from '@activepieces/shared'
import { nowIso } from './clock.js'

const { apId } = shared

export const PROJECT_KEY_PREFIX = 'sk-proj-'

export class ApiKeyService {
    /** @param {import('../store.js').Store} store */
    constructor(store) {
        this.store = store
    }

    get keys() {
        return this.store.state.apiKeys
    }

    /**
     * Issues a new key for the project; earlier keys of the project stay valid.
     * @returns {{id: string, projectId: string, displayName: string, created: string, value: string}}
     */
    create(projectId, displayName) {
        const value = PROJECT_KEY_PREFIX + randomBytes(24).toString('base64url')
        const row = { id: apId(), projectId, displayName, created: nowIso(), hash: hashOf(value) }
        this.keys[row.id] = row
        this.store.save()
        const { hash: _hash, ...shown } = row
        return { ...shown, value }
    }

    /** The key row for a presented key, or null. */
    find(value) {
        if (!value.startsWith(PROJECT_KEY_PREFIX)) {
            return null
        }
        const hash = hashOf(value)
        return Object.values(this.keys).find((k) => k.hash === hash) ?? null
    }
}

function hashOf(value) {
    return createHash('sha256').update(value).digest('hex')
}
