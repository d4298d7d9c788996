import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { API_KEY, EMAIL, PASSWORD, PROJECT_ID, startTestServer } from './helpers.js'

describe('flags, health and authentication', () => {
    let server
    let client
    before(async () => {
        server = await startTestServer()
        client = server.client
    })
    after(() => server.close())

    it('serves public flags for a Community Edition server with the webhook prefix of this server', async () => {
        const res = await client.get('/api/v1/flags', { token: null })
        assert.equal(res.status, 200)
        assert.equal(res.body.EDITION, 'ce')
        assert.equal(res.body.CURRENT_VERSION, '0.96.2')
        assert.equal(res.body.WEBHOOK_URL_PREFIX, `${server.url}/api/v1/webhooks`)
    })

    it('answers health without credentials', async () => {
        const res = await client.get('/api/v1/health', { token: null })
        assert.equal(res.status, 200)
        assert.deepEqual(res.body, { status: 'Healthy' })
    })

    it('signs the configured user in and the token then authorizes requests', async () => {
        const res = await client.post('/api/v1/authentication/sign-in', { email: EMAIL, password: PASSWORD }, { token: null })
        assert.equal(res.status, 200)
        assert.equal(res.body.email, EMAIL)
        assert.equal(res.body.projectId, PROJECT_ID)
        assert.match(res.body.platformId, /^[0-9a-zA-Z]{21}$/)
        assert.match(res.body.id, /^[0-9a-zA-Z]{21}$/)
        assert.equal(typeof res.body.token, 'string')
        assert.ok(res.body.token.length >= 32)

        const list = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: res.body.token })
        assert.equal(list.status, 200)
    })

    it('refuses a wrong password with 401 INVALID_CREDENTIALS', async () => {
        const res = await client.post('/api/v1/authentication/sign-in', { email: EMAIL, password: 'wrong password!' }, { token: null })
        assert.equal(res.status, 401)
        assert.equal(res.body.code, 'INVALID_CREDENTIALS')
        assert.equal(res.body.token, undefined)
    })

    it('refuses an unknown email with 401 INVALID_CREDENTIALS', async () => {
        const res = await client.post('/api/v1/authentication/sign-in', { email: 'nobody@example.com', password: PASSWORD }, { token: null })
        assert.equal(res.status, 401)
        assert.equal(res.body.code, 'INVALID_CREDENTIALS')
    })

    it('rejects a malformed sign-in body with a 400 validation error', async () => {
        const res = await client.post('/api/v1/authentication/sign-in', { email: 'not-an-email', password: PASSWORD }, { token: null })
        assert.equal(res.status, 400)
        assert.equal(res.body.code, 'FST_ERR_VALIDATION')
        assert.match(res.body.message, /body\/email/)
    })

    it('refuses a request without credentials with 403 AUTHORIZATION, as the real server does', async () => {
        const res = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: null })
        assert.equal(res.status, 403)
        assert.equal(res.body.code, 'AUTHORIZATION')
    })

    it('refuses an unknown bearer token with 401 so clients sign in again', async () => {
        const res = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: 'not-a-real-token' })
        assert.equal(res.status, 401)
        assert.equal(res.body.code, 'INVALID_BEARER_TOKEN')
    })

    it('refuses an unknown API key with 401 AUTHENTICATION', async () => {
        const res = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: 'sk-wrong-key' })
        assert.equal(res.status, 401)
        assert.equal(res.body.code, 'AUTHENTICATION')
    })

    it('accepts the fixed API key', async () => {
        const res = await client.get(`/api/v1/flows?projectId=${PROJECT_ID}`, { token: API_KEY })
        assert.equal(res.status, 200)
        assert.deepEqual(res.body, { data: [], next: null, previous: null })
    })

    it('requires projectId on list endpoints (400 from the request schema)', async () => {
        for (const path of ['/api/v1/flows', '/api/v1/flow-runs', '/api/v1/app-connections']) {
            const res = await client.get(path)
            assert.equal(res.status, 400, path)
            assert.equal(res.body.code, 'FST_ERR_VALIDATION', path)
            assert.match(res.body.message, /querystring\/projectId/, path)
        }
    })

    it('refuses another project: 403 for a user, 404 for the API key', async () => {
        const other = 'OtherProjectBBBBBBBBB'
        const signIn = await client.post('/api/v1/authentication/sign-in', { email: EMAIL, password: PASSWORD }, { token: null })
        const asUser = await client.get(`/api/v1/flows?projectId=${other}`, { token: signIn.body.token })
        assert.equal(asUser.status, 403)
        assert.equal(asUser.body.code, 'AUTHORIZATION')

        const asKey = await client.get(`/api/v1/flows?projectId=${other}`)
        assert.equal(asKey.status, 404)
        assert.equal(asKey.body.code, 'ENTITY_NOT_FOUND')
    })

    it('answers an unknown route with the framework 404 shape', async () => {
        const res = await client.get('/api/v1/nothing-here')
        assert.equal(res.status, 404)
        assert.deepEqual(res.body, { statusCode: 404, error: 'Not Found', message: 'Route not found' })
    })
})
