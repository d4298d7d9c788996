import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import { EMAIL, PASSWORD, PROJECT_ID, startTestServer, tempDataFile } from './helpers.js'

// Project API keys: made with the platform key, each opens exactly one project.
describe('project API keys', () => {
    let server
    let client
    let a
    let b
    let keyA
    before(async () => {
        server = await startTestServer()
        client = server.client
        a = (await client.post('/api/v1/projects', { displayName: 'Workspace A', externalId: 'pmos-a' })).body
        b = (await client.post('/api/v1/projects', { displayName: 'Workspace B', externalId: 'pmos-b' })).body
        const made = await client.post(`/api/v1/projects/${a.id}/api-keys`, { displayName: 'PMOS workspace key' })
        assert.equal(made.status, 201, made.text)
        keyA = made.body.value
    })
    after(() => server.close())

    it('is issued once, for the project asked for, and only its hash is stored', async () => {
        const made = await client.post(`/api/v1/projects/${a.id}/api-keys`, {})
        assert.equal(made.status, 201)
        assert.equal(made.body.projectId, a.id)
        assert.match(made.body.value, /^sk-proj-/)
        assert.notEqual(made.body.value, keyA, 'each call issues a new key')
        const file = fs.readFileSync(server.config.dataFile, 'utf8')
        assert.ok(!file.includes(keyA) && !file.includes(made.body.value), 'no key in clear in the data file')
    })

    it('opens its own project', async () => {
        const flow = await client.post('/api/v1/flows', { displayName: 'A flow', projectId: a.id }, { token: keyA })
        assert.equal(flow.status, 201, flow.text)
        const list = await client.get(`/api/v1/flows?projectId=${a.id}`, { token: keyA })
        assert.equal(list.status, 200)
        assert.equal(list.body.data.length, 1)
        assert.equal((await client.get(`/api/v1/projects/${a.id}`, { token: keyA })).status, 200)
    })

    it('sees every other project as unknown (404), existing or not, with its flows, runs and connections', async () => {
        const other = await client.post('/api/v1/flows', { displayName: 'B flow', projectId: b.id })
        assert.equal(other.status, 201)
        for (const [method, path, body] of [
            ['GET', `/api/v1/flows?projectId=${b.id}`],
            ['GET', `/api/v1/flows?projectId=${PROJECT_ID}`],
            ['GET', '/api/v1/flows?projectId=NoSuchProject00000001'],
            ['GET', `/api/v1/flows/${other.body.id}`],
            ['POST', `/api/v1/flows/${other.body.id}`, { type: 'CHANGE_NAME', request: { displayName: 'pwned' } }],
            ['DELETE', `/api/v1/flows/${other.body.id}`],
            ['POST', '/api/v1/flows', { displayName: 'x', projectId: b.id }],
            ['GET', `/api/v1/flow-runs?projectId=${b.id}`],
            ['GET', `/api/v1/app-connections?projectId=${b.id}`],
            ['GET', `/api/v1/projects/${b.id}`],
        ]) {
            const res = await client.request(method, path, { token: keyA, body })
            assert.equal(res.status, 404, `${method} ${path}: ${res.text}`)
        }
        const still = await client.get(`/api/v1/flows/${other.body.id}`)
        assert.equal(still.body.version.displayName, 'B flow', 'the other project\'s flow is untouched')
    })

    it('lists only its own project and cannot administer the platform', async () => {
        const list = await client.get('/api/v1/projects?limit=100', { token: keyA })
        assert.equal(list.status, 200)
        assert.deepEqual(list.body.data.map((p) => p.id), [a.id])
        assert.equal((await client.post('/api/v1/projects', { displayName: 'mine now' }, { token: keyA })).status, 403)
        assert.equal((await client.post(`/api/v1/projects/${b.id}/api-keys`, {}, { token: keyA })).status, 403)
        assert.equal((await client.post(`/api/v1/projects/${a.id}/api-keys`, {}, { token: keyA })).status, 403)
    })

    it('is made with the platform key only, for a project that exists', async () => {
        const signIn = await client.post('/api/v1/authentication/sign-in', { email: EMAIL, password: PASSWORD }, { token: null })
        assert.equal((await client.post(`/api/v1/projects/${PROJECT_ID}/api-keys`, {}, { token: signIn.body.token })).status, 403)
        assert.equal((await client.post(`/api/v1/projects/${a.id}/api-keys`, {}, { token: null })).status, 403)
        assert.equal((await client.post('/api/v1/projects/NoSuchProject00000001/api-keys', {})).status, 404)
        assert.equal((await client.get(`/api/v1/flows?projectId=${a.id}`, { token: 'sk-proj-forged-key' })).status, 401)
    })

    it('survives a restart', async () => {
        const dataFile = tempDataFile()
        const first = await startTestServer({ dataFile })
        const project = (await first.client.post('/api/v1/projects', { displayName: 'P' })).body
        const key = (await first.client.post(`/api/v1/projects/${project.id}/api-keys`, {})).body.value
        await first.close()
        const second = await startTestServer({ dataFile })
        try {
            assert.equal((await second.client.get(`/api/v1/flows?projectId=${project.id}`, { token: key })).status, 200)
            assert.equal((await second.client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: key })).status, 404)
        }
        finally {
            await second.close()
        }
    })
})
