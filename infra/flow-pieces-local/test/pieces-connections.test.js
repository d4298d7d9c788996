import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import shared from '@activepieces/shared'
import { EMAIL, PASSWORD, PROJECT_ID, startTestServer } from './helpers.js'

const { AppConnectionWithoutSensitiveData, SeekPage } = shared
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CATALOG = JSON.parse(fs.readFileSync(path.join(ROOT, 'catalog', 'pieces.json'), 'utf8'))
const CONFIG = JSON.parse(fs.readFileSync(path.join(ROOT, 'catalog', 'pieces.config.json'), 'utf8'))

describe('pieces catalog', () => {
    let server
    let client
    let userToken
    before(async () => {
        server = await startTestServer()
        client = server.client
        userToken = (await client.post('/api/v1/authentication/sign-in', { email: EMAIL, password: PASSWORD }, { token: null })).body.token
    })
    after(() => server.close())

    it('the committed catalog holds every configured piece at its pinned version, or records why not', () => {
        for (const { package: name, version } of CONFIG.pieces) {
            const piece = CATALOG.pieces.find((p) => p.name === name)
            const skipped = CATALOG.skipped.find((s) => s.package === name)
            assert.ok(piece || skipped, `${name} is neither in the catalog nor recorded as skipped`)
            if (piece) {
                assert.equal(piece.version, version)
            }
        }
        for (const required of ['webhook', 'schedule', 'delay', 'store', 'slack', 'gmail', 'google-sheets', 'data-mapper']) {
            assert.ok(CONFIG.pieces.some((p) => p.package === `@activepieces/piece-${required}`), required)
        }
    })

    it('lists piece summaries without credentials: counts instead of action and trigger maps', async () => {
        const res = await client.get('/api/v1/pieces', { token: null })
        assert.equal(res.status, 200)
        assert.equal(res.body.length, CATALOG.pieces.length)
        const slack = res.body.find((p) => p.name === '@activepieces/piece-slack')
        assert.equal(slack.version, '0.17.9')
        assert.equal(typeof slack.actions, 'number')
        assert.ok(slack.actions > 10)
        assert.equal(typeof slack.triggers, 'number')
        assert.equal('_catalog' in slack, false)
    })

    it('searches with searchQuery, also over action names, and suggests matching actions', async () => {
        const res = await client.get('/api/v1/pieces?searchQuery=return%20response&suggestionType=ACTION')
        assert.deepEqual(res.body.map((p) => p.name), ['@activepieces/piece-webhook'])
        assert.deepEqual(res.body[0].suggestedActions.map((a) => a.name), ['return_response'])
        const none = await client.get('/api/v1/pieces?searchQuery=zzz-no-such-piece')
        assert.deepEqual(none.body, [])
    })

    it('gets a piece by URL-encoded name with real props, including a static dropdown\'s options', async () => {
        const res = await client.get(`/api/v1/pieces/${encodeURIComponent('@activepieces/piece-webhook')}`, { token: null })
        assert.equal(res.status, 200)
        assert.equal(res.body.version, '0.1.29')
        const authType = res.body.triggers.catch_webhook.props.authType
        assert.equal(authType.type, 'STATIC_DROPDOWN')
        assert.equal(authType.required, true)
        assert.equal(authType.defaultValue, 'none')
        assert.deepEqual(authType.options.options.map((o) => o.value), ['none', 'basic', 'header'])

        const store = await client.get('/api/v1/pieces/@activepieces/piece-store')
        assert.equal(store.status, 200, 'the scoped form works too')
        assert.deepEqual(store.body.actions.put.props.store_scope.options.options.map((o) => o.value), ['COLLECTION', 'FLOW', 'RUN'])
    })

    it('keeps dynamic dropdowns as the real metadata has them: refreshers, no options', async () => {
        const res = await client.get(`/api/v1/pieces/${encodeURIComponent('@activepieces/piece-slack')}`)
        const channel = res.body.actions.send_channel_message.props.channel
        assert.equal(channel.type, 'DROPDOWN')
        assert.ok(Array.isArray(channel.refreshers))
        assert.equal(channel.options, undefined)
        assert.equal(channel.dynamic, undefined, 'the catalog annotation is not sent')
        assert.ok(Array.isArray(res.body.auth) && res.body.auth.length > 0, 'slack declares its auth')
        const catalogChannel = CATALOG.pieces.find((p) => p.name === '@activepieces/piece-slack').actions.send_channel_message.props.channel
        assert.equal(catalogChannel.dynamic, true, 'the catalog marks it dynamic')
    })

    it('an unknown piece or another major version is 404', async () => {
        const unknown = await client.get(`/api/v1/pieces/${encodeURIComponent('@activepieces/piece-nope')}`)
        assert.equal(unknown.status, 404)
        assert.equal(unknown.body.code, 'ENTITY_NOT_FOUND')
        const otherMajor = await client.get(`/api/v1/pieces/${encodeURIComponent('@activepieces/piece-slack')}?version=1.0.0`)
        assert.equal(otherMajor.status, 404)
    })

    it('options: static dropdowns give their options, dynamic ones an honest disabled placeholder', async () => {
        const flow = await client.createFlow('Options')
        const base = { projectId: PROJECT_ID, flowId: flow.id, flowVersionId: flow.version.id, input: {} }
        const dynamic = await client.post('/api/v1/pieces/options', {
            ...base, pieceName: '@activepieces/piece-slack', pieceVersion: '0.17.9', actionOrTriggerName: 'send_channel_message', propertyName: 'channel',
        }, { token: userToken })
        assert.equal(dynamic.status, 200)
        assert.equal(dynamic.body.disabled, true)
        assert.deepEqual(dynamic.body.options, [])
        assert.match(dynamic.body.placeholder, /No third-party account is connected/)

        const statik = await client.post('/api/v1/pieces/options', {
            ...base, pieceName: '@activepieces/piece-webhook', pieceVersion: '0.1.29', actionOrTriggerName: 'catch_webhook', propertyName: 'authType',
        }, { token: userToken })
        assert.deepEqual(statik.body.options.map((o) => o.value), ['none', 'basic', 'header'])

        const withApiKey = await client.post('/api/v1/pieces/options', {
            ...base, pieceName: '@activepieces/piece-slack', pieceVersion: '0.17.9', actionOrTriggerName: 'send_channel_message', propertyName: 'channel',
        })
        assert.equal(withApiKey.status, 403, 'options need a user token')
    })
})

describe('app connections', () => {
    let server
    let client
    before(async () => {
        server = await startTestServer()
        client = server.client
    })
    after(() => server.close())

    const secretText = {
        externalId: 'slack-main',
        displayName: 'Slack (main)',
        pieceName: '@activepieces/piece-slack',
        projectId: PROJECT_ID,
        type: 'SECRET_TEXT',
        value: { type: 'SECRET_TEXT', secret_text: 'xoxb-very-secret' },
    }

    it('upserts by externalId and lists without secrets', async () => {
        const created = await client.post('/api/v1/app-connections', secretText)
        assert.equal(created.status, 201)
        assert.ok(AppConnectionWithoutSensitiveData.safeParse(created.body).success, JSON.stringify(AppConnectionWithoutSensitiveData.safeParse(created.body).error?.issues))
        assert.equal(created.body.status, 'ACTIVE')
        assert.equal('value' in created.body, false)

        const renamed = await client.post('/api/v1/app-connections', { ...secretText, displayName: 'Slack (renamed)' })
        assert.equal(renamed.body.id, created.body.id, 'same externalId, same connection')

        const list = await client.get(`/api/v1/app-connections?projectId=${PROJECT_ID}`)
        assert.ok(SeekPage(AppConnectionWithoutSensitiveData).safeParse(list.body).success)
        assert.equal(list.body.data.length, 1)
        assert.equal(list.body.data[0].displayName, 'Slack (renamed)')
        assert.equal(list.text.includes('xoxb-very-secret'), false)
        assert.equal(fs.readFileSync(server.config.dataFile, 'utf8').includes('xoxb-very-secret'), false, 'secrets never reach the data file')
    })

    it('rejects a malformed connection with 400 and an unknown piece with 404', async () => {
        const malformed = await client.post('/api/v1/app-connections', { ...secretText, value: { type: 'SECRET_TEXT', secret_text: '' } })
        assert.equal(malformed.status, 400)
        const unknown = await client.post('/api/v1/app-connections', { ...secretText, pieceName: '@activepieces/piece-nope' })
        assert.equal(unknown.status, 404)
    })

    it('deletes a connection: 204', async () => {
        const created = await client.post('/api/v1/app-connections', { ...secretText, externalId: 'to-delete' })
        const res = await client.delete(`/api/v1/app-connections/${created.body.id}`)
        assert.equal(res.status, 204)
        const again = await client.delete(`/api/v1/app-connections/${created.body.id}`)
        assert.equal(again.status, 404)
    })
})
