import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, describe, it } from 'node:test'
import shared from '@activepieces/shared'
import { EMAIL, PASSWORD, PROJECT_ID, codeAction, startTestServer, tempDataFile, waitFor, webhookTrigger } from './helpers.js'

const { FlowRun, PopulatedFlow, Project, ProjectWithLimits, SeekPage } = shared
const AP_ID = /^[0-9a-zA-Z]{21}$/
const PLATFORM_ID = 'LocalFlowPiecesPlat01'

/** The answer is a Project and a ProjectWithLimits by the package's own schemas. */
function assertProject(body) {
    for (const [name, schema] of [['Project', Project], ['ProjectWithLimits', ProjectWithLimits]]) {
        const parsed = schema.safeParse(body)
        assert.ok(parsed.success, `${name}: ${JSON.stringify(parsed.error?.issues?.slice(0, 3))}`)
    }
}

async function signIn(client) {
    const res = await client.post('/api/v1/authentication/sign-in', { email: EMAIL, password: PASSWORD }, { token: null })
    assert.equal(res.status, 200)
    return res.body.token
}

async function createProject(client, body) {
    const res = await client.post('/api/v1/projects', body)
    assert.equal(res.status, 201, res.text)
    return res.body
}

describe('projects', () => {
    let server
    let client
    let userToken
    before(async () => {
        server = await startTestServer()
        client = server.client
        userToken = await signIn(client)
    })
    after(() => server.close())

    it('creates a project with the API key: 201, a Project of the platform with a 21-char id', async () => {
        const res = await client.post('/api/v1/projects', { displayName: 'Workspace Alpha', externalId: 'ws-alpha', metadata: { workspaceId: 'alpha', tier: 2 } })
        assert.equal(res.status, 201)
        assertProject(res.body)
        assert.match(res.body.id, AP_ID)
        assert.notEqual(res.body.id, PROJECT_ID)
        assert.equal(res.body.displayName, 'Workspace Alpha')
        assert.equal(res.body.externalId, 'ws-alpha')
        assert.deepEqual(res.body.metadata, { workspaceId: 'alpha', tier: 2 })
        assert.equal(res.body.platformId, PLATFORM_ID)
        assert.match(res.body.ownerId, AP_ID)
        assert.equal(res.body.type, 'TEAM')
        assert.equal(res.body.releasesEnabled, false)
        assert.equal(res.body.maxConcurrentJobs, null)
        assert.equal(res.body.created, res.body.updated)
        assert.ok(!Number.isNaN(Date.parse(res.body.created)))
        assert.equal('deleted' in res.body, false, 'ProjectWithLimits has no deleted field')
        assert.deepEqual(res.body.analytics, { totalUsers: 0, activeUsers: 0, totalFlows: 0, activeFlows: 0 })
        assert.equal(res.body.plan.projectId, res.body.id)

        const fetched = await client.get(`/api/v1/projects/${res.body.id}`)
        assert.equal(fetched.status, 200)
        assert.deepEqual(fetched.body, res.body)
    })

    it('creates a project without externalId or metadata: both null; several may lack an externalId', async () => {
        const a = await createProject(client, { displayName: 'No external id A' })
        const b = await createProject(client, { displayName: 'No external id B', externalId: null })
        assertProject(a)
        assert.equal(a.externalId, null)
        assert.equal(a.metadata, null)
        assert.equal(b.externalId, null)
        assert.notEqual(a.id, b.id)
    })

    it('refuses a second project with the same externalId: 409 PROJECT_EXTERNAL_ID_ALREADY_EXISTS', async () => {
        await createProject(client, { displayName: 'Workspace Dup', externalId: 'ws-dup' })
        const res = await client.post('/api/v1/projects', { displayName: 'Workspace Dup again', externalId: 'ws-dup' })
        assert.equal(res.status, 409)
        assert.deepEqual(res.body, { code: 'PROJECT_EXTERNAL_ID_ALREADY_EXISTS', params: { externalId: 'ws-dup' } })
        const list = await client.get('/api/v1/projects?externalId=ws-dup')
        assert.equal(list.body.data.length, 1, 'the refused project was not stored')
        assert.equal(list.body.data[0].displayName, 'Workspace Dup')
    })

    it('validates the body with CreatePlatformProjectRequest: 400 for a missing or unsafe displayName', async () => {
        const missing = await client.post('/api/v1/projects', { externalId: 'ws-no-name' })
        assert.equal(missing.status, 400)
        assert.equal(missing.body.code, 'FST_ERR_VALIDATION')
        assert.match(missing.body.message, /body\/displayName/)
        const unsafe = await client.post('/api/v1/projects', { displayName: 'a/b.c' })
        assert.equal(unsafe.status, 400)
        assert.match(unsafe.body.message, /body\/displayName/)
    })

    it('lists projects by externalId as a SeekPage; an unknown externalId gives an empty page', async () => {
        const created = await createProject(client, { displayName: 'Workspace Beta', externalId: 'ws-beta' })
        const res = await client.get('/api/v1/projects?externalId=ws-beta')
        assert.equal(res.status, 200)
        assert.ok(SeekPage(ProjectWithLimits).safeParse(res.body).success)
        assert.deepEqual(res.body.data.map((p) => p.id), [created.id])
        assert.equal(res.body.next, null)
        assert.equal(res.body.previous, null)
        assertProject(res.body.data[0])

        const none = await client.get('/api/v1/projects?externalId=ws-nope')
        assert.deepEqual(none.body, { data: [], next: null, previous: null })
    })

    it('lists every project of the platform for the API key, oldest first, with limit and cursor', async () => {
        const all = await client.get('/api/v1/projects?limit=100')
        const ids = all.body.data.map((p) => p.id)
        assert.equal(ids[0], PROJECT_ID, 'the configured project exists from the start and is the oldest')
        const created = all.body.data.map((p) => p.created)
        assert.deepEqual(created, [...created].sort())

        const first = await client.get('/api/v1/projects?limit=2')
        assert.deepEqual(first.body.data.map((p) => p.id), ids.slice(0, 2))
        assert.ok(first.body.next)
        const second = await client.get(`/api/v1/projects?limit=2&cursor=${first.body.next}`)
        assert.deepEqual(second.body.data.map((p) => p.id), ids.slice(2, 4))
        const back = await client.get(`/api/v1/projects?limit=2&cursor=${second.body.previous}`)
        assert.deepEqual(back.body.data.map((p) => p.id), ids.slice(0, 2))

        const byName = await client.get('/api/v1/projects?displayName=workspace%20al')
        assert.deepEqual(byName.body.data.map((p) => p.displayName), ['Workspace Alpha'])
    })

    it('the API key uses a new project in flows, runs, connections and webhooks; nothing leaks into the default project', async () => {
        const project = await createProject(client, { displayName: 'Workspace Gamma', externalId: 'ws-gamma' })

        const res = await client.post('/api/v1/flows', { displayName: 'Gamma flow', projectId: project.id })
        assert.equal(res.status, 201)
        assert.ok(PopulatedFlow.safeParse(res.body).success)
        assert.equal(res.body.projectId, project.id)
        const flowId = res.body.id

        const listed = await client.get(`/api/v1/flows?projectId=${project.id}`)
        assert.equal(listed.status, 200)
        assert.deepEqual(listed.body.data.map((f) => f.id), [flowId])
        const inDefault = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}&limit=100`)
        assert.equal(inDefault.body.data.some((f) => f.id === flowId), false)

        await client.applyOk(flowId, 'UPDATE_TRIGGER', webhookTrigger())
        await client.applyOk(flowId, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') })
        const published = await client.applyOk(flowId, 'LOCK_AND_PUBLISH', {})
        assert.equal(published.status, 'ENABLED')
        const fetched = await client.get(`/api/v1/flows/${flowId}`)
        assert.equal(fetched.status, 200)

        const hook = await client.post(`/api/v1/webhooks/${flowId}`, { hello: 'gamma' }, { token: null })
        assert.equal(hook.status, 200)
        const run = await waitFor(async () => {
            const runs = await client.get(`/api/v1/flow-runs?projectId=${project.id}`)
            return runs.body.data.find((r) => r.flowId === flowId && r.status === 'SUCCEEDED')
        }, { what: 'the run in the new project' })
        assert.equal(run.projectId, project.id)
        const runRes = await client.get(`/api/v1/flow-runs/${run.id}`)
        assert.equal(runRes.status, 200)
        assert.ok(FlowRun.safeParse(runRes.body).success)
        const defaultRuns = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&limit=100`)
        assert.equal(defaultRuns.body.data.some((r) => r.id === run.id), false)

        const connection = await client.post('/api/v1/app-connections', {
            externalId: 'slack-gamma',
            displayName: 'Slack (gamma)',
            pieceName: '@activepieces/piece-slack',
            projectId: project.id,
            type: 'SECRET_TEXT',
            value: { type: 'SECRET_TEXT', secret_text: 'xoxb-gamma' },
        })
        assert.equal(connection.status, 201)
        assert.deepEqual(connection.body.projectIds, [project.id])
        const connections = await client.get(`/api/v1/app-connections?projectId=${project.id}`)
        assert.deepEqual(connections.body.data.map((c) => c.id), [connection.body.id])
        const defaultConnections = await client.get(`/api/v1/app-connections?projectId=${PROJECT_ID}`)
        assert.equal(defaultConnections.body.data.some((c) => c.id === connection.body.id), false)

        const withFlow = await client.get(`/api/v1/projects/${project.id}`)
        assert.deepEqual(withFlow.body.analytics, { totalUsers: 0, activeUsers: 0, totalFlows: 1, activeFlows: 1 })

        const deleted = await client.delete(`/api/v1/flows/${flowId}`)
        assert.equal(deleted.status, 204)
    })

    it('an unknown project id stays 404 for the API key', async () => {
        const unknown = 'NoSuchProjectCCCCCCCC'
        const get = await client.get(`/api/v1/projects/${unknown}`)
        assert.equal(get.status, 404)
        assert.equal(get.body.code, 'ENTITY_NOT_FOUND')
        const flows = await client.get(`/api/v1/flows?projectId=${unknown}`)
        assert.equal(flows.status, 404)
        const create = await client.post('/api/v1/flows', { displayName: 'Nowhere', projectId: unknown })
        assert.equal(create.status, 404)
    })

    it('the signed-in user may not create projects: 403 AUTHORIZATION, nothing stored', async () => {
        const res = await client.post('/api/v1/projects', { displayName: 'By user', externalId: 'ws-by-user' }, { token: userToken })
        assert.equal(res.status, 403)
        assert.equal(res.body.code, 'AUTHORIZATION')
        const list = await client.get('/api/v1/projects?externalId=ws-by-user')
        assert.deepEqual(list.body.data, [])

        const anonymous = await client.post('/api/v1/projects', { displayName: 'Anonymous' }, { token: null })
        assert.equal(anonymous.status, 403)
        assert.equal(anonymous.body.code, 'AUTHORIZATION')
    })

    it('the signed-in user keeps its own project only: other projects and their flows are 403', async () => {
        const project = await createProject(client, { displayName: 'Workspace Delta', externalId: 'ws-delta' })
        const flow = (await client.post('/api/v1/flows', { displayName: 'Delta flow', projectId: project.id })).body

        for (const [method, url, body] of [
            ['GET', `/api/v1/flows?projectId=${project.id}`],
            ['POST', '/api/v1/flows', { displayName: 'By user', projectId: project.id }],
            ['GET', `/api/v1/flows/${flow.id}`],
            ['GET', `/api/v1/flow-runs?projectId=${project.id}`],
            ['GET', `/api/v1/app-connections?projectId=${project.id}`],
            ['GET', `/api/v1/projects/${project.id}`],
        ]) {
            const res = await client.request(method, url, { body, token: userToken })
            assert.equal(res.status, 403, `${method} ${url}`)
            assert.equal(res.body.code, 'AUTHORIZATION', `${method} ${url}`)
        }

        const own = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: userToken })
        assert.equal(own.status, 200)
        const ownProject = await client.get(`/api/v1/projects/${PROJECT_ID}`, { token: userToken })
        assert.equal(ownProject.status, 200)
        assertProject(ownProject.body)
        const listed = await client.get('/api/v1/projects', { token: userToken })
        assert.equal(listed.status, 200)
        assert.deepEqual(listed.body.data.map((p) => p.id), [PROJECT_ID], 'a user lists the projects it belongs to')
    })
})

describe('projects persistence', () => {
    it('keeps projects and their flows across a restart on the same data file', async () => {
        const dataFile = tempDataFile()
        const first = await startTestServer({ dataFile })
        let project
        let flow
        try {
            project = await createProject(first.client, { displayName: 'Survivor workspace', externalId: 'ws-survivor', metadata: { k: 'v' } })
            flow = (await first.client.post('/api/v1/flows', { displayName: 'Survivor flow', projectId: project.id })).body
        }
        finally {
            await first.close()
        }
        const onDisk = JSON.parse(fs.readFileSync(dataFile, 'utf8'))
        assert.equal(onDisk.projects[project.id].externalId, 'ws-survivor')
        assert.ok(onDisk.projects[PROJECT_ID], 'the configured project is written too')

        const second = await startTestServer({ dataFile })
        try {
            const byExternalId = await second.client.get('/api/v1/projects?externalId=ws-survivor')
            assert.equal(byExternalId.body.data.length, 1)
            const { analytics: _created, ...asCreated } = project
            const { analytics, ...asReloaded } = byExternalId.body.data[0]
            assert.deepEqual(asReloaded, asCreated)
            assert.equal(analytics.totalFlows, 1)

            const flows = await second.client.get(`/api/v1/flows?projectId=${project.id}`)
            assert.deepEqual(flows.body.data.map((f) => f.id), [flow.id])
            const dup = await second.client.post('/api/v1/projects', { displayName: 'Again', externalId: 'ws-survivor' })
            assert.equal(dup.status, 409, 'uniqueness holds after a restart')
        }
        finally {
            await second.close()
        }
    })

    it('loads a data file written before projects existed: the configured project is there, its flows still work', async () => {
        const first = await startTestServer()
        let flow
        try {
            flow = await first.client.createFlow('Old flow')
        }
        finally {
            await first.close()
        }
        const saved = JSON.parse(fs.readFileSync(first.config.dataFile, 'utf8'))
        delete saved.projects
        const oldFile = tempDataFile()
        fs.writeFileSync(oldFile, JSON.stringify(saved))

        const second = await startTestServer({ dataFile: oldFile })
        try {
            const fetched = await second.client.get(`/api/v1/flows/${flow.id}`)
            assert.equal(fetched.status, 200)
            const listed = await second.client.get('/api/v1/projects')
            assert.deepEqual(listed.body.data.map((p) => p.id), [PROJECT_ID])
            assertProject(listed.body.data[0])
            assert.equal(listed.body.data[0].analytics.totalFlows, 1)
        }
        finally {
            await second.close()
        }
    })
})
