// /api/v1/projects: the platform's projects, as the Enterprise/Cloud server serves them
// (its platform-project controller, mounted at /v1/projects): create, list, get one; plus the
// stand-in's project API keys (POST /v1/projects/:id/api-keys, platform API key only).
import shared from '@activepieces/shared'
import { z } from 'zod'
import { reply } from '../http/app.js'

const { CreatePlatformProjectRequest, ListProjectRequestForPlatformQueryParams } = shared

const USER_OR_SERVICE = ['USER', 'SERVICE']

/**
 * @param {import('../http/app.js').App} app
 * @param {{projects: import('../services/projects.js').ProjectService, auth: import('../services/auth.js').AuthService, config: import('../config.js').Config, apiKeys: import('../services/api-keys.js').ApiKeyService}} deps
 */
export function projectRoutes(app, { projects, auth, config, apiKeys }) {
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

    // The platform API key sees every project of the platform (the real server lists them for the
    // platform owner); a project API key sees its project; the signed-in user sees its own project.
    app.add({
        method: 'GET',
        path: '/api/v1/projects',
        security: { principals: USER_OR_SERVICE },
        schema: { query: ListProjectRequestForPlatformQueryParams },
        handler: (req) => projects.list(req.query, visibleProjects(req.principal, config)),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/projects/:id',
        security: { principals: USER_OR_SERVICE, project: (req) => req.params.id },
        schema: { params: z.object({ id: z.string() }) },
        handler: (req) => projects.getOrThrow(req.projectId),
    })

    // A new key for one project, shown once; the platform key only (a project key or the user: 403).
    app.add({
        method: 'POST',
        path: '/api/v1/projects/:id/api-keys',
        security: { principals: USER_OR_SERVICE },
        schema: { params: z.object({ id: z.string() }), body: z.object({ displayName: z.string().min(1).max(200).optional() }).optional() },
        handler: (req) => {
            auth.assertPlatformAdmin(req.principal)
            const project = projects.getOrThrow(req.params.id)
            return reply(201, apiKeys.create(project.id, req.body?.displayName ?? 'Project API key'))
        },
    })
}

function visibleProjects(principal, config) {
    if (principal.type === 'SERVICE') {
        return principal.projectId ? [principal.projectId] : null
    }
    return [config.projectId]
}
