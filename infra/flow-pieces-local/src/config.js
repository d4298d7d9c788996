// Typed configuration read from the environment; every setting has a default.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/**
 * @typedef {object} Config
 * @property {string} host                address to listen on
 * @property {number} port                port to listen on (0 = any free port)
 * @property {string} dataFile            JSON file that keeps flows, versions, runs and connections across restarts
 * @property {string} userEmail           the one user that can sign in
 * @property {string} userPassword        that user's password
 * @property {string} apiKey              fixed API key accepted as `Authorization: Bearer <key>`
 * @property {string} projectId           the one project (21 chars of [0-9a-zA-Z])
 * @property {string} platformId          the one platform
 * @property {string} userId              id of the configured user
 * @property {string|null} publicUrl      base URL used in WEBHOOK_URL_PREFIX; null = http://<host>:<bound port>
 * @property {number} runDelayMs          how long a run stays RUNNING before it settles
 * @property {number} webhookMaxBytes     largest webhook payload accepted (413 above)
 * @property {number} apiMaxBodyBytes     largest JSON body accepted on other routes (413 above)
 * @property {number} maxRuns             runs kept in the data file (oldest dropped first)
 * @property {string} currentVersion      CURRENT_VERSION flag
 * @property {string} catalogFile         generated pieces catalog
 * @property {boolean} logRequests        one line per request on stdout
 */

/** @returns {Config} */
export function loadConfig(env = process.env) {
    return {
        host: env.FLOW_PIECES_HOST ?? '127.0.0.1',
        port: intOf(env.FLOW_PIECES_PORT, 8081, 'FLOW_PIECES_PORT'),
        dataFile: path.resolve(env.FLOW_PIECES_DATA ?? path.join(PACKAGE_ROOT, 'data', 'flows.json')),
        userEmail: env.FLOW_PIECES_USER_EMAIL ?? 'admin@flowpieces.local',
        userPassword: env.FLOW_PIECES_USER_PASSWORD ?? 'flowpieces-local',
        apiKey: env.FLOW_PIECES_API_KEY ?? 'sk-local-flowpieces-0000000000000000',
        projectId: apIdOf(env.FLOW_PIECES_PROJECT_ID, 'LocalFlowPiecesProj01', 'FLOW_PIECES_PROJECT_ID'),
        platformId: apIdOf(env.FLOW_PIECES_PLATFORM_ID, 'LocalFlowPiecesPlat01', 'FLOW_PIECES_PLATFORM_ID'),
        userId: apIdOf(env.FLOW_PIECES_USER_ID, 'LocalFlowPiecesUser01', 'FLOW_PIECES_USER_ID'),
        publicUrl: env.FLOW_PIECES_PUBLIC_URL ? env.FLOW_PIECES_PUBLIC_URL.replace(/\/+$/, '') : null,
        runDelayMs: intOf(env.FLOW_PIECES_RUN_DELAY_MS, 200, 'FLOW_PIECES_RUN_DELAY_MS'),
        webhookMaxBytes: intOf(env.FLOW_PIECES_WEBHOOK_MAX_BYTES, 5 * 1024 * 1024, 'FLOW_PIECES_WEBHOOK_MAX_BYTES'),
        apiMaxBodyBytes: intOf(env.FLOW_PIECES_API_MAX_BODY_BYTES, 10 * 1024 * 1024, 'FLOW_PIECES_API_MAX_BODY_BYTES'),
        maxRuns: intOf(env.FLOW_PIECES_MAX_RUNS, 1000, 'FLOW_PIECES_MAX_RUNS'),
        currentVersion: env.FLOW_PIECES_CURRENT_VERSION ?? '0.96.2',
        catalogFile: path.resolve(env.FLOW_PIECES_CATALOG ?? path.join(PACKAGE_ROOT, 'catalog', 'pieces.json')),
        logRequests: (env.FLOW_PIECES_LOG_REQUESTS ?? 'true') !== 'false',
    }
}

function intOf(raw, fallback, name) {
    if (raw === undefined || raw === '') {
        return fallback
    }
    const value = Number(raw)
    if (!Number.isInteger(value) || value < 0) {
        throw new Error(`${name} must be a non-negative integer, got "${raw}"`)
    }
    return value
}

function apIdOf(raw, fallback, name) {
    const value = raw ?? fallback
    if (!/^[0-9a-zA-Z]{21}$/.test(value)) {
        throw new Error(`${name} must be 21 characters of [0-9a-zA-Z], got "${value}"`)
    }
    return value
}
