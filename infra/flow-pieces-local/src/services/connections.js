// App connections: upserted by (projectId, externalId) and listed without secrets.
// Secret values are checked by the request schema and then discarded: the stand-in never calls
// the third-party service, so it has no use for them and never writes them to disk.
import shared from '@activepieces/shared'
import { apError, ErrorCode } from '../http/errors.js'
import { nowIso } from './clock.js'
import { seekPage } from './pagination.js'

const { apId } = shared

export class ConnectionService {
    /**
     * @param {import('../store.js').Store} store
     * @param {import('./catalog.js').Catalog} catalog
     * @param {{platformId: string}} options
     */
    constructor(store, catalog, { platformId }) {
        this.store = store
        this.catalog = catalog
        this.platformId = platformId
    }

    get connections() {
        return this.store.state.connections
    }

    upsert(request, ownerId) {
        const piece = this.catalog.getOrThrow(request.pieceName, request.pieceVersion)
        const now = nowIso()
        const existing = Object.values(this.connections)
            .find((c) => c.externalId === request.externalId && c.projectIds.includes(request.projectId))
        const connection = {
            id: existing?.id ?? apId(),
            created: existing?.created ?? now,
            updated: now,
            externalId: request.externalId,
            displayName: request.displayName,
            // PLACEHOLDER connections are stored as what they stand for: not yet usable.
            type: request.type === 'PLACEHOLDER' ? 'NO_AUTH' : request.type,
            pieceName: request.pieceName,
            pieceVersion: request.pieceVersion ?? piece.version,
            projectIds: [request.projectId],
            platformId: this.platformId,
            scope: 'PROJECT',
            status: request.type === 'PLACEHOLDER' ? 'MISSING' : 'ACTIVE',
            ownerId: ownerId ?? null,
            owner: null,
            metadata: request.metadata ?? null,
            flowIds: null,
            preSelectForNewProjects: false,
            usingSecretManager: false,
        }
        this.connections[connection.id] = connection
        this.store.save()
        return this.withFlowIds(connection)
    }

    list({ projectId, cursor, limit, pieceName, displayName, status, scope }) {
        let list = Object.values(this.connections).filter((c) => c.projectIds.includes(projectId))
        if (pieceName) {
            list = list.filter((c) => c.pieceName === pieceName)
        }
        if (displayName) {
            list = list.filter((c) => c.displayName.toLowerCase().includes(displayName.toLowerCase()))
        }
        if (status?.length) {
            list = list.filter((c) => status.includes(c.status))
        }
        if (scope) {
            list = list.filter((c) => c.scope === scope)
        }
        const page = seekPage(list, { cursor, limit, sortKey: (c) => c.created })
        return { ...page, data: page.data.map((c) => this.withFlowIds(c)) }
    }

    findConnection(id) {
        return this.connections[id] ?? null
    }

    delete(id) {
        delete this.connections[id]
        this.store.save()
    }

    // flowIds: the flows whose latest version references this connection's externalId.
    withFlowIds(connection) {
        const flowIds = []
        for (const flow of Object.values(this.store.state.flows)) {
            if (!connection.projectIds.includes(flow.projectId)) {
                continue
            }
            const versions = Object.values(this.store.state.flowVersions).filter((v) => v.flowId === flow.id)
            if (versions.some((v) => v.connectionIds?.includes(connection.externalId))) {
                flowIds.push(flow.id)
            }
        }
        return { ...connection, flowIds }
    }
}

export function connectionNotFound(id) {
    return apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: id, entityType: 'AppConnection' })
}
