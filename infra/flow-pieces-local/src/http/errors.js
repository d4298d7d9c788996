// The one place that turns failures into HTTP responses, in the two shapes the real server uses:
//  - Activepieces errors: `{code, params}` with the status the server maps the code to;
//  - framework errors (validation, unknown route, body too large, unexpected): `{statusCode, code?, error, message}`.
import { STATUS_CODES } from 'node:http'
import shared from '@activepieces/shared'

const { ActivepiecesError, ErrorCode } = shared

// Status per error code, as in the real server's error handler; any other code is a 400.
const STATUS_BY_CODE = {
    [ErrorCode.INVALID_API_KEY]: 401,
    [ErrorCode.INVALID_BEARER_TOKEN]: 401,
    [ErrorCode.INVALID_CREDENTIALS]: 401,
    [ErrorCode.AUTHENTICATION]: 401,
    [ErrorCode.QUOTA_EXCEEDED]: 402,
    [ErrorCode.FEATURE_DISABLED]: 402,
    [ErrorCode.AUTHORIZATION]: 403,
    [ErrorCode.PERMISSION_DENIED]: 403,
    [ErrorCode.SESSION_EXPIRED]: 403,
    [ErrorCode.USER_IS_INACTIVE]: 403,
    [ErrorCode.ENTITY_NOT_FOUND]: 404,
    [ErrorCode.EXISTING_USER]: 409,
    [ErrorCode.FLOW_OPERATION_IN_PROGRESS]: 409,
    [ErrorCode.PROJECT_EXTERNAL_ID_ALREADY_EXISTS]: 409,
    [ErrorCode.VALIDATION]: 409,
    [ErrorCode.FLOW_RUN_RETRY_OUTSIDE_RETENTION]: 410,
}

/** An error that already knows its HTTP status and body. */
export class HttpError extends Error {
    /**
     * @param {number} status
     * @param {unknown} body
     * @param {Record<string, string>} [headers]
     */
    constructor(status, body, headers = {}) {
        super(typeof body === 'object' && body && 'message' in body ? String(body.message) : `HTTP ${status}`)
        this.status = status
        this.body = body
        this.headers = headers
    }
}

/** Builds the Activepieces error the real server would throw. */
export function apError(code, params = {}) {
    return new ActivepiecesError({ code, params })
}

/** A framework-shaped error: `{statusCode, code?, error, message}`. */
export function frameworkError(status, message, code) {
    const body = { statusCode: status }
    if (code) {
        body.code = code
    }
    body.error = STATUS_CODES[status] ?? 'Error'
    body.message = message
    return new HttpError(status, body)
}

/**
 * Schema validation failure, worded the way Fastify reports it: `<part>/<path> <message>`.
 * @param {'body'|'querystring'|'params'} part
 * @param {import('zod').ZodError} zodError
 * @param {unknown} input the value that failed, used to pick the union branch the caller meant
 */
export function validationError(part, zodError, input) {
    const issues = pickRelevantIssues(zodError.issues, input)
    const message = issues
        .map((issue) => `${[part, ...issue.path].join('/')} ${issue.message}`)
        .join(', ')
    return frameworkError(400, message || `${part} is invalid`, 'FST_ERR_VALIDATION')
}

// For a union keyed by `type` (FlowOperationRequest), report the branch whose `type`
// matched instead of every branch's complaint; otherwise report what zod said.
function pickRelevantIssues(issues, input) {
    const out = []
    for (const issue of issues) {
        if (issue.code === 'invalid_union' && Array.isArray(issue.errors)) {
            const branch = issue.errors.find((branchIssues) =>
                !branchIssues.some((i) => i.path.length === 1 && i.path[0] === 'type'))
            if (branch) {
                out.push(...pickRelevantIssues(branch.map((i) => ({ ...i, path: [...issue.path, ...i.path] })), input))
                continue
            }
            const type = input && typeof input === 'object' ? input.type : undefined
            if (issue.path.length === 0 && type !== undefined) {
                out.push({ path: ['type'], message: `Invalid input: unknown operation type ${JSON.stringify(type)}` })
                continue
            }
        }
        out.push(issue)
    }
    return out
}

/**
 * Maps any thrown value to status, headers and body. Unexpected errors become a 500 with the
 * error's message (the real server answers the same way for plain `Error`s).
 * @returns {{status: number, headers: Record<string,string>, body: unknown}}
 */
export function toResponse(error) {
    if (error instanceof HttpError) {
        return { status: error.status, headers: error.headers, body: error.body }
    }
    if (error instanceof ActivepiecesError) {
        const status = STATUS_BY_CODE[error.error.code] ?? 400
        return { status, headers: {}, body: { code: error.error.code, params: error.error.params ?? {} } }
    }
    const message = error instanceof Error ? error.message : 'Internal Server Error'
    return {
        status: 500,
        headers: {},
        body: { statusCode: 500, error: 'Internal Server Error', message },
    }
}

export { ErrorCode }
