// Test support: a real server on a free port with its own data file, a small HTTP client,
// builders for common operations, and a bounded poll for conditions that settle asynchronously.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../src/server.js'

export const PROJECT_ID = 'TestProjectAAAAAAAAAA'
export const API_KEY = 'sk-test-flowpieces-local-key'
export const EMAIL = 'tester@flowpieces.local'
export const PASSWORD = 'correct horse battery'

const tempDirs = []
process.on('exit', () => {
    for (const dir of tempDirs) {
        fs.rmSync(dir, { recursive: true, force: true })
    }
})

/** A data file path in a fresh temp folder, removed when the test process exits. */
export function tempDataFile() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-pieces-test-'))
    tempDirs.push(dir)
    return path.join(dir, 'flows.json')
}

/** Starts the real server in-process on a random port. */
export async function startTestServer(overrides = {}) {
    const server = await startServer({
        host: '127.0.0.1',
        port: 0,
        dataFile: tempDataFile(),
        projectId: PROJECT_ID,
        apiKey: API_KEY,
        userEmail: EMAIL,
        userPassword: PASSWORD,
        runDelayMs: 50,
        logRequests: false,
        ...overrides,
    })
    return { ...server, client: new Client(server.url) }
}

export class Client {
    constructor(baseUrl) {
        this.baseUrl = baseUrl
        this.token = API_KEY
    }

    /** @returns {Promise<{status: number, headers: Headers, body: any, text: string}>} */
    async request(method, urlPath, { body, token = this.token, headers = {}, rawBody } = {}) {
        const init = { method, headers: { ...headers } }
        if (token) {
            init.headers.authorization = `Bearer ${token}`
        }
        if (rawBody !== undefined) {
            init.body = rawBody
        }
        else if (body !== undefined) {
            init.body = JSON.stringify(body)
            init.headers['content-type'] = 'application/json'
        }
        const response = await fetch(this.baseUrl + urlPath, init)
        const text = await response.text()
        let parsed
        try {
            parsed = text ? JSON.parse(text) : undefined
        }
        catch {
            parsed = text
        }
        return { status: response.status, headers: response.headers, body: parsed, text }
    }

    get(urlPath, options) {
        return this.request('GET', urlPath, options)
    }

    post(urlPath, body, options = {}) {
        return this.request('POST', urlPath, { ...options, body })
    }

    delete(urlPath, options) {
        return this.request('DELETE', urlPath, options)
    }

    async createFlow(displayName = 'Test flow') {
        const res = await this.post('/api/v1/flows', { displayName, projectId: PROJECT_ID })
        if (res.status !== 201) {
            throw new Error(`create flow: ${res.status} ${res.text}`)
        }
        return res.body
    }

    async apply(flowId, type, request) {
        return this.post(`/api/v1/flows/${flowId}`, { type, request })
    }

    async applyOk(flowId, type, request) {
        const res = await this.apply(flowId, type, request)
        if (res.status !== 200) {
            throw new Error(`${type}: ${res.status} ${res.text}`)
        }
        return res.body
    }
}

/** Polls `check` until it returns a truthy value; fails after `timeoutMs`. */
export async function waitFor(check, { timeoutMs = 5000, intervalMs = 20, what = 'condition' } = {}) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
        const value = await check()
        if (value) {
            return value
        }
        if (Date.now() > deadline) {
            throw new Error(`timed out waiting for ${what}`)
        }
        await new Promise((resolve) => setTimeout(resolve, intervalMs))
    }
}

// ---- step builders (shapes a client such as PMOS sends) ----

export const WEBHOOK_PIECE = '@activepieces/piece-webhook'

export function webhookTrigger(input = { authType: 'none' }) {
    return {
        name: 'trigger',
        type: 'PIECE_TRIGGER',
        displayName: 'Catch Webhook',
        valid: true,
        settings: {
            pieceName: WEBHOOK_PIECE,
            pieceVersion: '~0.1.29',
            triggerName: 'catch_webhook',
            input,
            propertySettings: {},
        },
    }
}

export function pieceAction(name, { pieceName, actionName, input, displayName } = {}) {
    return {
        name,
        type: 'PIECE',
        displayName: displayName ?? name,
        valid: true,
        settings: {
            pieceName,
            pieceVersion: '0.6.20',
            actionName,
            input,
            propertySettings: {},
        },
    }
}

export function storePut(name, key, value) {
    return {
        ...pieceAction(name, { pieceName: '@activepieces/piece-store', actionName: 'put', input: { key, value, store_scope: 'COLLECTION' } }),
    }
}

export function returnResponse(name, body, status = 200) {
    return {
        name,
        type: 'PIECE',
        displayName: 'Return Response',
        valid: true,
        settings: {
            pieceName: WEBHOOK_PIECE,
            pieceVersion: '0.1.29',
            actionName: 'return_response',
            input: { responseType: 'json', respond: 'stop', fields: { status, body, headers: { 'x-from-flow': 'yes' } } },
            propertySettings: {},
        },
    }
}

export function codeAction(name) {
    return {
        name,
        type: 'CODE',
        displayName: `Code ${name}`,
        valid: true,
        settings: {
            input: {},
            sourceCode: { code: 'export const code = async () => true', packageJson: '{}' },
        },
    }
}
