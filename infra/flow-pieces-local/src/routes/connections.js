// /api/v1/app-connections: list (no secrets), upsert, delete.
import shared from '@activepieces/shared'
import { z } from 'zod'
import { reply } from '../http/app.js'
import { connectionNotFound } from '../services/connections.js'

const { ApId, ListAppConnectionsRequestQuery, UpsertAppConnectionRequestBody } = shared

const USER_OR_SERVICE = ['USER', 'SERVICE']

/**
 * @param {import('../http/app.js').App} app
 * @param {{connections: import('../services/connections.js').ConnectionService}} deps
 */
export function connectionRoutes(app, { connections }) {
    app.add({
        method: 'GET',
        path: '/api/v1/app-connections',
        security: { principals: USER_OR_SERVICE, project: (req) => req.query.projectId },
        schema: { query: ListAppConnectionsRequestQuery },
        handler: (req) => connections.list({ ...req.query, projectId: req.projectId }),
    })

    app.add({
        method: 'POST',
        path: '/api/v1/app-connections',
        security: { principals: USER_OR_SERVICE, project: (req) => req.body.projectId },
        schema: { body: UpsertAppConnectionRequestBody },
        handler: (req) => reply(201, connections.upsert(req.body, req.principal.type === 'USER' ? req.principal.id : null)),
    })

    app.add({
        method: 'DELETE',
        path: '/api/v1/app-connections/:id',
        security: {
            principals: USER_OR_SERVICE,
            project: (req) => {
                const connection = connections.findConnection(req.params.id)
                if (!connection) {
                    throw connectionNotFound(req.params.id)
                }
                return connection.projectIds[0]
            },
        },
        schema: { params: z.object({ id: ApId }) },
        handler: (req) => {
            connections.delete(req.params.id)
            return reply(204, undefined)
        },
    })
}
