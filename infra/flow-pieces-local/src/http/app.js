// A small HTTP layer on node:http that follows the real server's request lifecycle:
// route match -> body -> schema validation -> authentication -> authorization -> handler.
import http from 'node:http'
import { apError, ErrorCode, frameworkError, HttpError, toResponse, validationError } from './errors.js'

const REPLY = Symbol('reply')

/** A handler result with an explicit status, headers or a non-JSON body. */
export function reply(status, body, headers = {}) {
    return { [REPLY]: true, status, body, headers }
}

/**
 * @typedef {object} Principal
 * @property {'USER'|'SERVICE'|'UNKNOWN'} type
 * @property {string} id
 * @property {string} [projectId]
 * @property {{id: string}} [platform]
 *
 * @typedef {object} Request
 * @property {string} method
 * @property {string} path
 * @property {Record<string,string>} params
 * @property {Record<string, string|string[]>} query
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {any} body
 * @property {Buffer} rawBody
 * @property {Principal} principal
 * @property {string|undefined} projectId  the project the route was authorized for
 *
 * @typedef {object} Route
 * @property {string} method                 GET, POST, DELETE, ... or ALL
 * @property {string} path                   e.g. /api/v1/flows/:id
 * @property {'public'|{principals: string[], project?: (req: Request) => (string|undefined|Promise<string|undefined>)}} security
 * @property {{params?: any, query?: any, body?: any}} [schema]  zod schemas; parsed values replace the raw ones
 * @property {'json'|'any'} [bodyMode]        json (default) or any content type (webhooks)
 * @property {number} [bodyLimit]
 * @property {(error: HttpError) => HttpError} [onBodyTooLarge]
 * @property {(req: Request) => any} handler
 */

export class App {
    /**
     * @param {{authenticate: (header: string|undefined) => Principal, authorizeProject: (p: Principal, projectId: string|undefined) => void, apiMaxBodyBytes: number, logRequests: boolean}} options
     */
    constructor(options) {
        this.options = options
        /** @type {Array<Route & {segments: string[]}>} */
        this.routes = []
        this.server = http.createServer((req, res) => {
            this.handle(req, res).catch((error) => {
                // Last resort: the response could not even be written.
                process.stderr.write(`flow-pieces: failed to answer ${req.method} ${req.url}: ${error?.message}\n`)
                res.destroy()
            })
        })
    }

    /** @param {Route} route */
    add(route) {
        this.routes.push({ ...route, segments: route.path.split('/').filter(Boolean) })
    }

    async handle(req, res) {
        const started = process.hrtime.bigint()
        const url = new URL(req.url ?? '/', 'http://localhost')
        let result
        try {
            result = await this.dispatch(req, url)
        }
        catch (error) {
            result = toResponse(error)
        }
        await writeResponse(res, result)
        if (this.options.logRequests) {
            const ms = Number(process.hrtime.bigint() - started) / 1e6
            process.stdout.write(`${new Date().toISOString()} ${req.method} ${url.pathname} ${result.status} ${ms.toFixed(1)}ms\n`)
        }
    }

    async dispatch(req, url) {
        const match = this.match(req.method ?? 'GET', url.pathname)
        if (!match) {
            // Drain the body so keep-alive connections stay usable.
            req.resume()
            throw frameworkError(404, 'Route not found')
        }
        const { route, params } = match
        const rawBody = await readBody(req, route.bodyLimit ?? this.options.apiMaxBodyBytes, route.onBodyTooLarge)
        /** @type {Request} */
        const request = {
            method: req.method ?? 'GET',
            path: url.pathname,
            params,
            query: queryObject(url.searchParams),
            headers: req.headers,
            rawBody,
            body: route.bodyMode === 'any' ? parseAnyBody(rawBody, req.headers['content-type']) : parseJsonBody(rawBody, req.headers['content-type']),
            principal: { type: 'UNKNOWN', id: 'anonymous' },
            projectId: undefined,
        }
        validateSchemas(route, request)
        if (route.security !== 'public') {
            request.principal = this.options.authenticate(req.headers.authorization)
            if (!route.security.principals.includes(request.principal.type)) {
                throw apError(ErrorCode.AUTHORIZATION, { message: 'principal is not allowed for this route' })
            }
            if (route.security.project) {
                request.projectId = await route.security.project(request)
                this.options.authorizeProject(request.principal, request.projectId)
            }
        }
        const value = await route.handler(request)
        if (value && value[REPLY]) {
            return { status: value.status, headers: value.headers, body: value.body }
        }
        return { status: 200, headers: {}, body: value }
    }

    match(method, pathname) {
        const segments = pathname.split('/').filter(Boolean)
        for (const route of this.routes) {
            if (route.method !== 'ALL' && route.method !== method && !(route.method === 'GET' && method === 'HEAD')) {
                continue
            }
            if (route.segments.length !== segments.length) {
                continue
            }
            const params = {}
            let ok = true
            for (let i = 0; i < segments.length; i++) {
                const pattern = route.segments[i]
                if (pattern.startsWith(':')) {
                    try {
                        params[pattern.slice(1)] = decodeURIComponent(segments[i])
                    }
                    catch {
                        ok = false
                        break
                    }
                }
                else if (pattern !== segments[i]) {
                    ok = false
                    break
                }
            }
            if (ok) {
                return { route, params }
            }
        }
        return null
    }

    listen(port, host) {
        return new Promise((resolve, reject) => {
            this.server.once('error', reject)
            this.server.listen(port, host, () => {
                this.server.off('error', reject)
                resolve(this.server.address())
            })
        })
    }

    close() {
        return new Promise((resolve) => {
            this.server.close(() => resolve())
            this.server.closeIdleConnections?.()
        })
    }
}

function validateSchemas(route, request) {
    const schema = route.schema ?? {}
    for (const [part, key] of [['params', 'params'], ['querystring', 'query'], ['body', 'body']]) {
        const zodSchema = schema[key]
        if (!zodSchema) {
            continue
        }
        const parsed = zodSchema.safeParse(request[key])
        if (!parsed.success) {
            throw validationError(part, parsed.error, request[key])
        }
        // Like the real server, handlers see the parsed value: unknown keys are dropped.
        request[key] = parsed.data
    }
}

function readBody(req, limit, onBodyTooLarge) {
    return new Promise((resolve, reject) => {
        const declared = Number(req.headers['content-length'])
        if (Number.isFinite(declared) && declared > limit) {
            req.resume()
            reject(tooLarge(onBodyTooLarge))
            return
        }
        const chunks = []
        let size = 0
        let failed = false
        req.on('data', (chunk) => {
            if (failed) {
                return
            }
            size += chunk.length
            if (size > limit) {
                failed = true
                reject(tooLarge(onBodyTooLarge))
                return
            }
            chunks.push(chunk)
        })
        req.on('end', () => {
            if (!failed) {
                resolve(Buffer.concat(chunks))
            }
        })
        req.on('error', (error) => {
            if (!failed) {
                failed = true
                reject(error)
            }
        })
    })
}

function tooLarge(onBodyTooLarge) {
    const error = frameworkError(413, 'Request body is too large', 'FST_ERR_CTP_BODY_TOO_LARGE')
    return onBodyTooLarge ? onBodyTooLarge(error) : error
}

function parseJsonBody(raw, contentType) {
    if (raw.length === 0) {
        if (isJson(contentType)) {
            throw frameworkError(400, 'Body cannot be empty when content-type is set to \'application/json\'', 'FST_ERR_CTP_EMPTY_JSON_BODY')
        }
        return undefined
    }
    if (!isJson(contentType)) {
        throw frameworkError(415, `Unsupported Media Type: ${contentType ?? 'none'}`, 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    }
    try {
        return JSON.parse(raw.toString('utf8'))
    }
    catch {
        throw frameworkError(400, 'Body is not valid JSON but content-type is set to \'application/json\'', 'FST_ERR_CTP_INVALID_JSON_BODY')
    }
}

// Webhooks accept anything: JSON and forms are parsed, other bodies are kept as text.
function parseAnyBody(raw, contentType) {
    if (raw.length === 0) {
        return undefined
    }
    const text = raw.toString('utf8')
    if (isJson(contentType)) {
        try {
            return JSON.parse(text)
        }
        catch {
            throw frameworkError(400, 'Body is not valid JSON but content-type is set to \'application/json\'', 'FST_ERR_CTP_INVALID_JSON_BODY')
        }
    }
    if ((contentType ?? '').startsWith('application/x-www-form-urlencoded')) {
        return queryObject(new URLSearchParams(text))
    }
    return text
}

function isJson(contentType) {
    return /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType ?? '')
}

function queryObject(searchParams) {
    const out = {}
    for (const [key, value] of searchParams) {
        if (key in out) {
            out[key] = Array.isArray(out[key]) ? [...out[key], value] : [out[key], value]
        }
        else {
            out[key] = value
        }
    }
    return out
}

async function writeResponse(res, { status, headers, body }) {
    const outHeaders = { ...headers }
    let payload
    if (status === 204 || body === undefined) {
        payload = undefined
    }
    else if (typeof body === 'string' || Buffer.isBuffer(body)) {
        payload = body
        if (!hasHeader(outHeaders, 'content-type')) {
            outHeaders['content-type'] = 'text/plain; charset=utf-8'
        }
    }
    else {
        payload = JSON.stringify(body)
        if (!hasHeader(outHeaders, 'content-type')) {
            outHeaders['content-type'] = 'application/json; charset=utf-8'
        }
    }
    if (payload !== undefined) {
        outHeaders['content-length'] = String(Buffer.byteLength(payload))
    }
    res.writeHead(status, outHeaders)
    await new Promise((resolve) => res.end(payload, resolve))
}

function hasHeader(headers, name) {
    return Object.keys(headers).some((key) => key.toLowerCase() === name)
}

export { HttpError }
