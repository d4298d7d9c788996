// Entry point: `npm start`. Stops cleanly on SIGTERM/SIGINT (in-flight runs settle, file saved).
import { startServer } from './server.js'

let server
try {
    server = await startServer()
}
catch (error) {
    process.stderr.write(`flow-pieces-local: cannot start: ${error.message}\n`)
    process.exit(1)
}
process.stdout.write(`flow-pieces-local listening on ${server.url} (data: ${server.config.dataFile}, project: ${server.config.projectId})\n`)

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
        if (stopping) {
            return
        }
        stopping = true
        process.stdout.write(`flow-pieces-local: ${signal} received, shutting down\n`)
        server.close().then(() => process.exit(0), (error) => {
            process.stderr.write(`flow-pieces-local: shutdown failed: ${error.message}\n`)
            process.exit(1)
        })
    })
}
