// Public routes: flags, health, sign-in.
import shared from '@activepieces/shared'

const { SignInRequest } = shared

/**
 * @param {import('../http/app.js').App} app
 * @param {{config: import('../config.js').Config, auth: import('../services/auth.js').AuthService, baseUrl: () => string}} deps
 */
export function platformRoutes(app, { config, auth, baseUrl }) {
    app.add({
        method: 'GET',
        path: '/api/v1/flags',
        security: 'public',
        handler: () => flags(config, baseUrl()),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/health',
        security: 'public',
        handler: () => ({ status: 'Healthy' }),
    })

    app.add({
        method: 'POST',
        path: '/api/v1/authentication/sign-in',
        security: 'public',
        schema: { body: SignInRequest },
        handler: (req) => auth.signIn(req.body),
    })
}

// A flat map like the real GET /v1/flags, limited to what a Community Edition client reads.
function flags(config, base) {
    return {
        EDITION: 'ce',
        CURRENT_VERSION: config.currentVersion,
        LATEST_VERSION: config.currentVersion,
        ENVIRONMENT: 'prod',
        PUBLIC_URL: `${base}/`,
        FRONTEND_URL: `${base}/`,
        WEBHOOK_URL_PREFIX: `${base}/api/v1/webhooks`,
        THIRD_PARTY_AUTH_PROVIDER_REDIRECT_URL: `${base}/redirect`,
        EMAIL_AUTH_ENABLED: true,
        CLOUD_AUTH_ENABLED: false,
        USER_CREATED: true,
        TELEMETRY_ENABLED: false,
        PIECES_SYNC_MODE: 'NONE',
        PRIVATE_PIECES_ENABLED: false,
        ENABLE_FLOW_ON_PUBLISH: true,
        EXECUTION_DATA_RETENTION_DAYS: 30,
        WEBHOOK_TIMEOUT_SECONDS: 30,
        FLOW_RUN_TIME_SECONDS: 600,
        SHOW_COMMUNITY: true,
        // Not a real flag: tells clients they talk to the local stand-in whose runs are simulated.
        FLOW_PIECES_LOCAL_STANDIN: true,
    }
}
