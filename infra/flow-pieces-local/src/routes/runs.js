// /api/v1/flow-runs: list (no steps), get (with steps), retry.
import shared from '@activepieces/shared'
import { z } from 'zod'
import { apError, ErrorCode } from '../http/errors.js'

const { ApId, ListFlowRunsRequestQuery, RetryFlowRequestBody } = shared

const IdParams = z.object({ id: ApId })
const USER_OR_SERVICE = ['USER', 'SERVICE']

/**
 * @param {import('../http/app.js').App} app
 * @param {{runs: import('../services/runs.js').RunService}} deps
 */
export function runRoutes(app, { runs }) {
    const projectOfRun = (req) => {
        const run = runs.findRun(req.params.id)
        if (!run) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: req.params.id, entityType: 'flow_run' })
        }
        return run.projectId
    }

    app.add({
        method: 'GET',
        path: '/api/v1/flow-runs',
        security: { principals: USER_OR_SERVICE, project: (req) => req.query.projectId },
        schema: { query: ListFlowRunsRequestQuery },
        handler: (req) => runs.list({ ...req.query, projectId: req.projectId }),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/flow-runs/:id',
        security: { principals: USER_OR_SERVICE, project: projectOfRun },
        schema: { params: IdParams },
        handler: (req) => runs.getOrThrow(req.params.id, req.projectId),
    })

    app.add({
        method: 'POST',
        path: '/api/v1/flow-runs/:id/retry',
        security: { principals: USER_OR_SERVICE, project: projectOfRun },
        schema: { params: IdParams, body: RetryFlowRequestBody },
        handler: (req) => runs.retry({ id: req.params.id, projectId: req.projectId, strategy: req.body.strategy }),
    })
}
