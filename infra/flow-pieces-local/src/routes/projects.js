// /api/v1/projects: the platform's projects, as the Enterprise/Cloud server serves them
// (its platform-project controller, mounted at /v1/projects): create, list, get one.
import shared from '@activepieces/shared'
import { z } from 'zod'
import { reply } from '../http/app.js'

const { CreatePlatformProjectRequest, ListProjectRequestForPlatformQueryParams } = shared

const USER_OR_SERVICE = ['USER', 'SERVICE']

/**
 * @param {import('../http/app.js').App} app
 * @param {{projects: import('../services/projects.js').ProjectService, auth: import('../services/auth.js').AuthService, config: import('../config.js').Config}} deps
 */
export function projectRoutes(app, { projects, auth, config }) {
    app.add({
        method: 'POST',
        path: '/api/v1/projects',
        security: { principals: USER_OR_SERVICE },
        schema: { body: CreatePlatformProjectRequest },
        handler: (req) => {
            auth.assertPlatformAdmin(req.principal)
            return reply(201, projects.create(req.body))
        },
    })

    // The API key sees every project of the platform (the real server lists them for the platform
    // owner); the signed-in user sees the projects it is a member of: its own.
    app.add({
        method: 'GET',
        path: '/api/v1/projects',
        security: { principals: USER_OR_SERVICE },
        schema: { query: ListProjectRequestForPlatformQueryParams },
        handler: (req) => projects.list(req.query, req.principal.type === 'SERVICE' ? null : [config.projectId]),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/projects/:id',
        security: { principals: USER_OR_SERVICE, project: (req) => req.params.id },
        schema: { params: z.object({ id: z.string() }) },
        handler: (req) => projects.getOrThrow(req.projectId),
    })
}
