// Wires the services and routes into one HTTP server; used by main.js and by the tests.
import { loadConfig } from './config.js'
import { App } from './http/app.js'
import { connectionRoutes } from './routes/connections.js'
import { flowRoutes } from './routes/flows.js'
import { pieceRoutes } from './routes/pieces.js'
import { platformRoutes } from './routes/platform.js'
import { projectRoutes } from './routes/projects.js'
import { runRoutes } from './routes/runs.js'
import { webhookRoutes } from './routes/webhooks.js'
import { ApiKeyService } from './services/api-keys.js'
import { AuthService } from './services/auth.js'
import { Catalog } from './services/catalog.js'
import { ConnectionService } from './services/connections.js'
import { Executor } from './services/executor.js'
import { FlowService } from './services/flows.js'
import { ProjectService } from './services/projects.js'
import { RunService } from './services/runs.js'
import { StepValidation } from './services/step-validation.js'
import { Store } from './store.js'

/**
 * Builds and starts the server.
 * @param {Partial<import('./config.js').Config>} [overrides] settings that win over the environment
 * @returns {Promise<{url: string, config: import('./config.js').Config, close: () => Promise<void>}>}
 */
export async function startServer(overrides = {}) {
    const config = { ...loadConfig(), ...overrides }
    const store = new Store(config.dataFile, { maxRuns: config.maxRuns })
    store.load()
    const projects = new ProjectService(store, config)
    projects.ensureDefaultProject()
    const catalog = new Catalog(config.catalogFile)
    const validation = new StepValidation(catalog)
    const apiKeys = new ApiKeyService(store)
    const auth = new AuthService(config, projects, apiKeys)
    const flows = new FlowService(store, validation, catalog)
    const executor = new Executor(catalog, validation)
    const runs = new RunService(store, flows, executor, { runDelayMs: config.runDelayMs })
    const connections = new ConnectionService(store, catalog, { platformId: config.platformId })

    const app = new App({
        authenticate: (header) => auth.authenticate(header),
        authorizeProject: (principal, projectId) => auth.authorizeProject(principal, projectId),
        apiMaxBodyBytes: config.apiMaxBodyBytes,
        logRequests: config.logRequests,
    })
    let url = ''
    const baseUrl = () => config.publicUrl ?? url
    platformRoutes(app, { config, auth, baseUrl })
    projectRoutes(app, { projects, auth, config, apiKeys })
    flowRoutes(app, { flows })
    runRoutes(app, { runs })
    pieceRoutes(app, { catalog, flows })
    connectionRoutes(app, { connections })
    webhookRoutes(app, { flows, runs, config })

    const address = await app.listen(config.port, config.host)
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
    url = `http://${host}:${address.port}`
    runs.resumeInterrupted()

    return {
        url,
        config: { ...config, port: address.port },
        async close() {
            runs.settleAll()
            await app.close()
        },
    }
}
