import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { API_KEY, Client, PROJECT_ID, codeAction, startTestServer, tempDataFile, waitFor, webhookTrigger } from './helpers.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

describe('persistence', () => {
    it('keeps flows, versions, status and runs across a restart on the same data file', async () => {
        const dataFile = tempDataFile()
        const first = await startTestServer({ dataFile })
        let flow
        let runId
        try {
            flow = await first.client.createFlow('Survivor')
            await first.client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
            await first.client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') })
            flow = await first.client.applyOk(flow.id, 'LOCK_AND_PUBLISH', {})
            await first.client.applyOk(flow.id, 'CHANGE_NAME', { displayName: 'Survivor v2' })
            await first.client.post(`/api/v1/webhooks/${flow.id}/sync`, { n: 1 }, { token: null })
            runId = (await first.client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}`)).body.data[0].id
        }
        finally {
            await first.close()
        }
        const onDisk = JSON.parse(fs.readFileSync(dataFile, 'utf8'))
        assert.ok(onDisk.flows[flow.id])
        assert.equal(fs.readdirSync(path.dirname(dataFile)).filter((f) => f.endsWith('.tmp')).length, 0, 'no temp files left behind')

        const second = await startTestServer({ dataFile })
        try {
            const fetched = await second.client.get(`/api/v1/flows/${flow.id}`)
            assert.equal(fetched.status, 200)
            assert.equal(fetched.body.status, 'ENABLED')
            assert.equal(fetched.body.publishedVersionId, flow.publishedVersionId)
            assert.equal(fetched.body.version.displayName, 'Survivor v2')
            assert.equal(fetched.body.version.state, 'DRAFT')
            const published = await second.client.get(`/api/v1/flows/${flow.id}?versionId=${flow.publishedVersionId}`)
            assert.equal(published.body.version.trigger.nextAction.name, 'step_1')

            const run = await second.client.get(`/api/v1/flow-runs/${runId}`)
            assert.equal(run.body.status, 'SUCCEEDED')
            assert.deepEqual(run.body.steps.trigger.output.body, { n: 1 })

            // The published webhook still works after the restart.
            const again = await second.client.post(`/api/v1/webhooks/${flow.id}/sync`, { n: 2 }, { token: null })
            assert.equal(again.status, 204)
        }
        finally {
            await second.close()
        }
    })

    it('npm start: listens on the configured port, logs one line per request without secrets, stops on SIGTERM', async () => {
        const dataFile = tempDataFile()
        const child = spawn(process.execPath, [path.join(ROOT, 'src', 'main.js')], {
            env: {
                ...process.env,
                FLOW_PIECES_PORT: '0',
                FLOW_PIECES_DATA: dataFile,
                FLOW_PIECES_API_KEY: API_KEY,
                FLOW_PIECES_PROJECT_ID: PROJECT_ID,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
        })
        let stdout = ''
        child.stdout.on('data', (chunk) => {
            stdout += chunk
        })
        const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
        try {
            const url = await waitFor(() => stdout.match(/listening on (http:\/\/\S+)/)?.[1], { what: 'the server to listen' })
            assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'listens on loopback by default')
            const client = new Client(url)
            const created = await client.createFlow('From child')
            assert.ok(created.id)
            await waitFor(() => stdout.includes('POST /api/v1/flows 201'), { what: 'the request log line' })
            assert.match(stdout, /GET|POST/)
            assert.equal(stdout.includes(API_KEY), false, 'the Authorization header is never logged')
            assert.equal(stdout.includes('From child'), false, 'bodies are never logged')
        }
        finally {
            child.kill('SIGTERM')
        }
        assert.equal(await exited, 0)
        const saved = JSON.parse(fs.readFileSync(dataFile, 'utf8'))
        assert.equal(Object.values(saved.flowVersions)[0].displayName, 'From child')
    })
})
