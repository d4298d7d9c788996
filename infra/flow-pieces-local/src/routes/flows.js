// /api/v1/flows: create, list, get, apply an operation, delete, list versions.
import shared from '@activepieces/shared'
import { z } from 'zod'
import { reply } from '../http/app.js'
import { apError, ErrorCode } from '../http/errors.js'
import { seekPage } from '../services/pagination.js'

const {
    ApId,
    CreateFlowRequest,
    FlowOperationRequest,
    GetFlowQueryParamsRequest,
    ListFlowVersionRequest,
    ListFlowsRequest,
} = shared

const IdParams = z.object({ id: ApId })
const USER_OR_SERVICE = ['USER', 'SERVICE']

/**
 * @param {import('../http/app.js').App} app
 * @param {{flows: import('../services/flows.js').FlowService}} deps
 */
export function flowRoutes(app, { flows }) {
    // Routes on one flow take their project from the flow itself, as the real server does.
    const projectOfFlow = (req) => {
        const flow = flows.findFlow(req.params.id)
        if (!flow) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: req.params.id, entityType: 'flow' })
        }
        return flow.projectId
    }

    app.add({
        method: 'POST',
        path: '/api/v1/flows',
        security: { principals: USER_OR_SERVICE, project: (req) => req.body.projectId },
        schema: { body: CreateFlowRequest },
        handler: (req) => reply(201, flows.create({
            projectId: req.projectId,
            request: req.body,
            ownerId: req.principal.type === 'USER' ? req.principal.id : undefined,
        })),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/flows',
        security: { principals: USER_OR_SERVICE, project: (req) => req.query.projectId },
        schema: { query: ListFlowsRequest },
        handler: (req) => flows.list({ ...req.query, projectId: req.projectId }),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/flows/:id',
        security: { principals: USER_OR_SERVICE, project: projectOfFlow },
        schema: { params: IdParams, query: GetFlowQueryParamsRequest },
        handler: (req) => flows.getPopulated(req.params.id, req.projectId, req.query.versionId),
    })

    app.add({
        method: 'POST',
        path: '/api/v1/flows/:id',
        security: { principals: USER_OR_SERVICE, project: projectOfFlow },
        schema: { params: IdParams, body: FlowOperationRequest },
        handler: (req) => flows.update({
            id: req.params.id,
            projectId: req.projectId,
            userId: req.principal.type === 'USER' ? req.principal.id : null,
            operation: req.body,
        }),
    })

    app.add({
        method: 'DELETE',
        path: '/api/v1/flows/:id',
        security: { principals: USER_OR_SERVICE, project: projectOfFlow },
        schema: { params: IdParams },
        handler: (req) => {
            flows.delete(req.params.id, req.projectId)
            return reply(204, undefined)
        },
    })

    app.add({
        method: 'GET',
        path: '/api/v1/flows/:id/versions',
        security: { principals: ['USER'], project: projectOfFlow },
        schema: { params: IdParams, query: ListFlowVersionRequest },
        handler: (req) => {
            const page = seekPage(flows.versionsOf(req.params.id), { cursor: req.query.cursor, limit: req.query.limit, sortKey: (v) => v.created })
            return { ...page, data: page.data.map((v) => ({ ...v, updatedByUser: null })) }
        },
    })
}
