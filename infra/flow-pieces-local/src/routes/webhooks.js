// ANY /api/v1/webhooks/:flowId[/sync|/draft|/draft/sync]: starts a run of the flow.
// Unknown flow 410, disabled flow 404 (published routes only), payload over the cap 413;
// async routes answer 200 `{}` at once, sync routes answer with the flow's Return Response.
import shared from '@activepieces/shared'
import { HttpError, reply } from '../http/app.js'

const { apId, FlowStatus, RunEnvironment, WebhookUrlParams } = shared

const WEBHOOK_HEADER = 'x-webhook-id'

/**
 * @param {import('../http/app.js').App} app
 * @param {{flows: import('../services/flows.js').FlowService, runs: import('../services/runs.js').RunService, config: import('../config.js').Config}} deps
 */
export function webhookRoutes(app, { flows, runs, config }) {
    const variants = [
        { suffix: '', draft: false, sync: false },
        { suffix: '/sync', draft: false, sync: true },
        { suffix: '/draft', draft: true, sync: false },
        { suffix: '/draft/sync', draft: true, sync: true },
    ]
    for (const variant of variants) {
        app.add({
            method: 'ALL',
            path: `/api/v1/webhooks/:flowId${variant.suffix}`,
            security: 'public',
            schema: { params: WebhookUrlParams },
            bodyMode: 'any',
            bodyLimit: config.webhookMaxBytes,
            onBodyTooLarge: () => new HttpError(413, { message: 'Payload too large' }, { [WEBHOOK_HEADER]: apId() }),
            handler: (req) => handleWebhook(req, variant, { flows, runs }),
        })
    }
}

async function handleWebhook(req, { draft, sync }, { flows, runs }) {
    const headers = { [WEBHOOK_HEADER]: apId() }
    const flow = flows.findFlow(req.params.flowId)
    if (!flow) {
        return reply(410, {}, headers)
    }
    // Draft routes run the latest version even while the flow is disabled.
    if (!draft && flow.status !== FlowStatus.ENABLED) {
        return reply(404, {}, headers)
    }
    const version = !draft && flow.publishedVersionId
        ? flows.getVersionOrThrow(flow.id, flow.publishedVersionId)
        : flows.latestVersion(flow.id)
    const payload = {
        method: req.method,
        headers: flattenHeaders(req.headers),
        body: req.body,
        queryParams: req.query,
    }
    // As on the real server, the x-webhook-id header names the run this request starts.
    const started = runs.start({
        runId: headers[WEBHOOK_HEADER],
        flow,
        version,
        payload,
        environment: draft ? RunEnvironment.TESTING : RunEnvironment.PRODUCTION,
    })
    if (!sync) {
        return reply(200, {}, headers)
    }
    if (!started) {
        return reply(204, {}, headers)
    }
    const { result } = await started.done
    if (result.response) {
        const { status, body, headers: responseHeaders } = result.response
        return reply(status, body, { ...stringHeaders(responseHeaders), ...headers })
    }
    if (result.status === 'FAILED') {
        return reply(500, { message: 'The flow has failed and there is no response returned' }, headers)
    }
    // The real server waits WEBHOOK_TIMEOUT_SECONDS for a response that never comes, then sends this.
    return reply(204, {}, headers)
}

function flattenHeaders(headers) {
    const out = {}
    for (const [key, value] of Object.entries(headers)) {
        out[key] = Array.isArray(value) ? value.join(', ') : value
    }
    return out
}

function stringHeaders(headers) {
    const out = {}
    for (const [key, value] of Object.entries(headers ?? {})) {
        if (value !== undefined && value !== null) {
            out[key] = String(value)
        }
    }
    return out
}
