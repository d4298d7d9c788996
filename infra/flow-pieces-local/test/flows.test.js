import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import shared from '@activepieces/shared'
import { PROJECT_ID, codeAction, startTestServer, storePut, webhookTrigger } from './helpers.js'

const { FlowAction, FlowVersion, PopulatedFlow, SeekPage } = shared
const AP_ID = /^[0-9a-zA-Z]{21}$/

/** Names along the main chain, e.g. "step_1 > step_2(skip)". */
function chain(version) {
    const names = []
    for (let step = version.trigger.nextAction; step; step = step.nextAction) {
        names.push(step.name + (step.skip ? '(skip)' : ''))
    }
    return names.join(' > ')
}

function step(version, name) {
    return shared.flowStructureUtil.getStep(name, version.trigger)
}

/** The response is a PopulatedFlow by the package's own schema, tree included. */
function assertPopulatedFlow(body) {
    const parsed = PopulatedFlow.safeParse(body)
    assert.ok(parsed.success, JSON.stringify(parsed.error?.issues?.slice(0, 3)))
    assert.ok(FlowVersion.safeParse(body.version).success)
    if (body.version.trigger.nextAction) {
        const tree = FlowAction.safeParse(body.version.trigger.nextAction)
        assert.ok(tree.success, JSON.stringify(tree.error?.issues?.slice(0, 3)))
    }
}

const vipRouter = {
    name: 'router_1',
    type: 'ROUTER',
    displayName: 'Router',
    valid: true,
    settings: {
        executionType: 'EXECUTE_FIRST_MATCH',
        branches: [
            { branchType: 'CONDITION', branchName: 'VIP', conditions: [[{ operator: 'TEXT_EXACTLY_MATCHES', firstValue: '{{trigger.body.tier}}', secondValue: 'vip', caseSensitive: false }]] },
            { branchType: 'FALLBACK', branchName: 'Otherwise' },
        ],
    },
}

describe('flows', () => {
    let server
    let client
    before(async () => {
        server = await startTestServer()
        client = server.client
    })
    after(() => server.close())

    it('creates a flow: 201, a DISABLED flow with an empty DRAFT version, ids of 21 chars', async () => {
        const res = await client.post('/api/v1/flows', { displayName: 'Onboarding', projectId: PROJECT_ID })
        assert.equal(res.status, 201)
        assertPopulatedFlow(res.body)
        assert.match(res.body.id, AP_ID)
        assert.match(res.body.externalId, AP_ID)
        assert.match(res.body.version.id, AP_ID)
        assert.equal(res.body.status, 'DISABLED')
        assert.equal(res.body.publishedVersionId, null)
        assert.equal(res.body.version.state, 'DRAFT')
        assert.equal(res.body.version.displayName, 'Onboarding')
        const { lastUpdatedDate, ...trigger } = res.body.version.trigger
        assert.deepEqual(trigger, { type: 'EMPTY', name: 'trigger', settings: {}, valid: false, displayName: 'Select Trigger' })
        assert.ok(!Number.isNaN(Date.parse(lastUpdatedDate)))
        assert.equal(res.body.version.valid, false)
    })

    it('requires projectId in the create body', async () => {
        const res = await client.post('/api/v1/flows', { displayName: 'No project' })
        assert.equal(res.status, 400)
        assert.match(res.body.message, /body\/projectId/)
    })

    it('gets a flow by id; an unknown id is 404 ENTITY_NOT_FOUND, a malformed id 400', async () => {
        const flow = await client.createFlow('Fetch me')
        const res = await client.get(`/api/v1/flows/${flow.id}`)
        assert.equal(res.status, 200)
        assert.equal(res.body.version.id, flow.version.id)

        const missing = await client.get('/api/v1/flows/AAAAAAAAAAAAAAAAAAAAA')
        assert.equal(missing.status, 404)
        assert.equal(missing.body.code, 'ENTITY_NOT_FOUND')

        const malformed = await client.get('/api/v1/flows/short')
        assert.equal(malformed.status, 400)
        assert.equal(malformed.body.code, 'FST_ERR_VALIDATION')
    })

    it('UPDATE_TRIGGER to the webhook trigger from the catalog: valid, input reduced to declared props', async () => {
        const flow = await client.createFlow('Trigger')
        const body = await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger({ authType: 'none', notAProp: 'dropped' }))
        assertPopulatedFlow(body)
        const trigger = body.version.trigger
        assert.equal(trigger.type, 'PIECE_TRIGGER')
        assert.equal(trigger.valid, true)
        assert.equal(trigger.settings.pieceVersion, '0.1.29', 'the ~ range is pinned to the exact version')
        assert.equal(trigger.settings.input.authType, 'none')
        assert.equal('notAProp' in trigger.settings.input, false)
        assert.equal(body.version.valid, true)
    })

    it('UPDATE_TRIGGER without a required prop leaves the trigger invalid', async () => {
        const flow = await client.createFlow('Trigger invalid')
        const body = await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger({}))
        assert.equal(body.version.trigger.valid, false)
        assert.equal(body.version.valid, false)
    })

    it('ADD_ACTION after the trigger, then UPDATE_ACTION recomputes validity from the piece props', async () => {
        const flow = await client.createFlow('Actions')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        let body = await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: storePut('step_1', '{{trigger.body.id}}', 'seen') })
        assertPopulatedFlow(body)
        assert.equal(chain(body.version), 'step_1')
        assert.equal(step(body.version, 'step_1').valid, true)
        assert.equal(body.version.valid, true)

        // `value` is required by the store piece's put action.
        const broken = storePut('step_1', 'key-only', undefined)
        delete broken.settings.input.value
        body = await client.applyOk(flow.id, 'UPDATE_ACTION', { ...broken, displayName: 'Remember id' })
        assert.equal(step(body.version, 'step_1').displayName, 'Remember id')
        assert.equal(step(body.version, 'step_1').valid, false)
        assert.equal(body.version.valid, false)
    })

    it('DELETE_ACTION removes the step and relinks the chain', async () => {
        const flow = await client.createFlow('Delete')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: storePut('step_1', 'a', '1') })
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'step_1', action: storePut('step_2', 'b', '2') })
        const body = await client.applyOk(flow.id, 'DELETE_ACTION', { names: ['step_1'] })
        assert.equal(chain(body.version), 'step_2')
    })

    it('MOVE_ACTION, DUPLICATE_ACTION and SET_SKIP_ACTION follow the shared reducer', async () => {
        const flow = await client.createFlow('Move')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: storePut('step_1', 'a', '1') })
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'step_1', action: storePut('step_2', 'b', '2') })
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'step_2', action: storePut('step_3', 'c', '3') })

        let body = await client.applyOk(flow.id, 'MOVE_ACTION', { name: 'step_3', newParentStep: 'trigger' })
        assert.equal(chain(body.version), 'step_3 > step_1 > step_2')

        body = await client.applyOk(flow.id, 'DUPLICATE_ACTION', { stepName: 'step_1' })
        assert.equal(chain(body.version), 'step_3 > step_1 > step_4 > step_2')
        assert.deepEqual(step(body.version, 'step_4').settings.input, step(body.version, 'step_1').settings.input)

        // A skipped invalid step does not make the version invalid.
        const broken = storePut('step_2', 'b', undefined)
        delete broken.settings.input.value
        body = await client.applyOk(flow.id, 'UPDATE_ACTION', broken)
        assert.equal(body.version.valid, false)
        body = await client.applyOk(flow.id, 'SET_SKIP_ACTION', { names: ['step_2'], skip: true })
        assert.equal(chain(body.version), 'step_3 > step_1 > step_4 > step_2(skip)')
        assert.equal(body.version.valid, true)
        assertPopulatedFlow(body)
    })

    it('ROUTER: add a router, a step inside a branch, then ADD_BRANCH and DELETE_BRANCH', async () => {
        const flow = await client.createFlow('Router')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        let body = await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: vipRouter })
        let router = step(body.version, 'router_1')
        assert.equal(router.valid, true)
        assert.deepEqual(router.children, [null, null])

        body = await client.applyOk(flow.id, 'ADD_ACTION', {
            parentStep: 'router_1', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 0, action: storePut('vip_step', 'vip', 'yes'),
        })
        router = step(body.version, 'router_1')
        assert.equal(router.children[0].name, 'vip_step')

        body = await client.applyOk(flow.id, 'ADD_BRANCH', { stepName: 'router_1', branchIndex: 1, branchName: 'Second' })
        router = step(body.version, 'router_1')
        assert.deepEqual(router.settings.branches.map((b) => b.branchName), ['VIP', 'Second', 'Otherwise'])
        assert.deepEqual(router.children.map((c) => c?.name ?? null), ['vip_step', null, null])

        body = await client.applyOk(flow.id, 'DELETE_BRANCH', { stepName: 'router_1', branchIndex: 0 })
        router = step(body.version, 'router_1')
        assert.deepEqual(router.settings.branches.map((b) => b.branchName), ['Second', 'Otherwise'])
        assert.equal(step(body.version, 'vip_step'), undefined, 'steps of a deleted branch go with it')
        assertPopulatedFlow(body)
    })

    it('a router with an incomplete condition is invalid', async () => {
        const flow = await client.createFlow('Router invalid')
        const incomplete = structuredClone(vipRouter)
        incomplete.settings.branches[0].conditions[0][0].secondValue = ''
        const body = await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: incomplete })
        assert.equal(step(body.version, 'router_1').valid, false)
    })

    it('LOOP_ON_ITEMS with a step INSIDE_LOOP', async () => {
        const flow = await client.createFlow('Loop')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        const loop = { name: 'loop_1', type: 'LOOP_ON_ITEMS', displayName: 'Each item', valid: true, settings: { items: '{{trigger.body.items}}' } }
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: loop })
        const body = await client.applyOk(flow.id, 'ADD_ACTION', {
            parentStep: 'loop_1', stepLocationRelativeToParent: 'INSIDE_LOOP', action: storePut('remember_item', '{{loop_1.item}}', 'seen'),
        })
        const loopStep = step(body.version, 'loop_1')
        assert.equal(loopStep.valid, true)
        assert.equal(loopStep.firstLoopAction.name, 'remember_item')
        assert.equal(chain(body.version), 'loop_1', 'the body of the loop is not on the main chain')
        assertPopulatedFlow(body)

        const emptyItems = await client.applyOk(flow.id, 'UPDATE_ACTION', { ...loop, settings: { items: '' } })
        assert.equal(step(emptyItems.version, 'loop_1').valid, false)
    })

    it('CODE steps are valid with source code and a package.json', async () => {
        const flow = await client.createFlow('Code')
        const body = await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') })
        assert.equal(step(body.version, 'step_1').valid, true)
    })

    it('CHANGE_NAME renames the draft', async () => {
        const flow = await client.createFlow('Old name')
        const body = await client.applyOk(flow.id, 'CHANGE_NAME', { displayName: 'New name' })
        assert.equal(body.version.displayName, 'New name')
        const fetched = await client.get(`/api/v1/flows/${flow.id}`)
        assert.equal(fetched.body.version.displayName, 'New name')
    })

    it('LOCK_AND_PUBLISH locks the draft, publishes it and enables the flow; an edit then forks a new draft', async () => {
        const flow = await client.createFlow('Publish')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: storePut('step_1', 'a', '1') })
        const published = await client.applyOk(flow.id, 'LOCK_AND_PUBLISH', {})
        assertPopulatedFlow(published)
        assert.equal(published.status, 'ENABLED')
        assert.equal(published.publishedVersionId, flow.version.id)
        assert.equal(published.version.state, 'LOCKED')

        const edited = await client.applyOk(flow.id, 'CHANGE_NAME', { displayName: 'Publish v2' })
        assert.notEqual(edited.version.id, published.version.id)
        assert.equal(edited.version.state, 'DRAFT')
        assert.equal(edited.version.displayName, 'Publish v2')
        assert.equal(chain(edited.version), 'step_1', 'the fork carries the published content')
        assert.equal(edited.publishedVersionId, published.version.id)
        const locked = await client.get(`/api/v1/flows/${flow.id}?versionId=${published.version.id}`)
        assert.equal(locked.body.version.displayName, 'Publish', 'the locked version is untouched')
        assert.equal(locked.body.version.state, 'LOCKED')
    })

    it('LOCK_AND_PUBLISH with status DISABLED publishes without enabling; CHANGE_STATUS toggles', async () => {
        const flow = await client.createFlow('Status')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        const published = await client.applyOk(flow.id, 'LOCK_AND_PUBLISH', { status: 'DISABLED' })
        assert.equal(published.status, 'DISABLED')
        assert.ok(published.publishedVersionId)

        const enabled = await client.applyOk(flow.id, 'CHANGE_STATUS', { status: 'ENABLED' })
        assert.equal(enabled.status, 'ENABLED')
        const disabled = await client.applyOk(flow.id, 'CHANGE_STATUS', { status: 'DISABLED' })
        assert.equal(disabled.status, 'DISABLED')
    })

    it('CHANGE_STATUS of a never-published flow fails like the real server (500) and changes nothing', async () => {
        const flow = await client.createFlow('Never published')
        const res = await client.apply(flow.id, 'CHANGE_STATUS', { status: 'ENABLED' })
        assert.equal(res.status, 500)
        const fetched = await client.get(`/api/v1/flows/${flow.id}`)
        assert.equal(fetched.body.status, 'DISABLED')
    })

    it('IMPORT_FLOW replaces the whole tree and the name', async () => {
        const flow = await client.createFlow('Import target')
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('old_step') })
        const now = new Date().toISOString()
        const trigger = {
            ...webhookTrigger(),
            lastUpdatedDate: now,
            settings: { ...webhookTrigger().settings, pieceVersion: '0.1.29' },
            nextAction: {
                ...storePut('step_1', '{{trigger.body.id}}', 'imported'),
                lastUpdatedDate: now,
                nextAction: { ...codeAction('step_2'), lastUpdatedDate: now },
            },
        }
        const body = await client.applyOk(flow.id, 'IMPORT_FLOW', { displayName: 'Imported', trigger, schemaVersion: null })
        assertPopulatedFlow(body)
        assert.equal(body.version.displayName, 'Imported')
        assert.equal(chain(body.version), 'step_1 > step_2')
        assert.equal(step(body.version, 'old_step'), undefined)
        assert.equal(body.version.trigger.settings.triggerName, 'catch_webhook')
        assert.equal(body.version.valid, true)
    })

    it('a malformed operation is a 400 validation error and changes nothing', async () => {
        const flow = await client.createFlow('Malformed')
        const cases = [
            { type: 'NOT_AN_OPERATION', request: {} },
            { type: 'ADD_ACTION', request: { action: storePut('step_1', 'a', '1') } },
            { type: 'ADD_ACTION', request: { parentStep: 'trigger', action: { ...storePut('bad name', 'a', '1') } } },
            { type: 'CHANGE_STATUS', request: { status: 'ON' } },
            { type: 'DELETE_ACTION', request: { names: 'step_1' } },
        ]
        for (const operation of cases) {
            const res = await client.post(`/api/v1/flows/${flow.id}`, operation)
            assert.equal(res.status, 400, JSON.stringify(operation))
            assert.equal(res.body.code, 'FST_ERR_VALIDATION')
            assert.equal(res.body.statusCode, 400)
            assert.equal(typeof res.body.message, 'string')
        }
        const fetched = await client.get(`/api/v1/flows/${flow.id}`)
        assert.equal(fetched.body.version.trigger.nextAction, undefined)
        assert.equal(fetched.body.version.updated, flow.version.updated)
    })

    it('an operation on a step that does not exist is the reducer\'s 404', async () => {
        const flow = await client.createFlow('No step')
        const res = await client.apply(flow.id, 'MOVE_ACTION', { name: 'ghost', newParentStep: 'trigger' })
        assert.equal(res.status, 404)
        assert.equal(res.body.code, 'ENTITY_NOT_FOUND')
        assert.equal(res.body.params.entityType, 'step')
    })

    it('a piece the catalog does not know is 404', async () => {
        const flow = await client.createFlow('Unknown piece')
        const action = storePut('step_1', 'a', '1')
        action.settings.pieceName = '@activepieces/piece-does-not-exist'
        const res = await client.apply(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action })
        assert.equal(res.status, 404)
        assert.equal(res.body.code, 'ENTITY_NOT_FOUND')
        assert.equal(res.body.params.entityType, 'piece')
    })

    it('drops unknown keys: a whole FlowVersion inside LOCK_AND_PUBLISH saves nothing but the publish', async () => {
        const flow = await client.createFlow('Trap')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        const smuggled = { ...flow.version, displayName: 'Smuggled', trigger: { ...webhookTrigger(), nextAction: storePut('step_1', 'a', '1') } }
        const body = await client.applyOk(flow.id, 'LOCK_AND_PUBLISH', smuggled)
        assert.equal(body.version.displayName, 'Trap')
        assert.equal(body.version.trigger.nextAction, undefined)
        assert.equal(body.status, 'ENABLED')
    })

    it('lists flows as a SeekPage, newest first, with limit, cursor, name and status filters', async () => {
        const local = await startTestServer()
        try {
            const c = local.client
            const a = await c.createFlow('Alpha report')
            const b = await c.createFlow('Beta sync')
            const d = await c.createFlow('Gamma report')

            const first = await c.get(`/api/v1/flows?projectId=${PROJECT_ID}&limit=2`)
            assert.equal(first.status, 200)
            assert.ok(SeekPage(PopulatedFlow).safeParse(first.body).success)
            assert.deepEqual(first.body.data.map((f) => f.id), [d.id, b.id])
            assert.equal(first.body.previous, null)
            assert.ok(first.body.next)

            const second = await c.get(`/api/v1/flows?projectId=${PROJECT_ID}&limit=2&cursor=${first.body.next}`)
            assert.deepEqual(second.body.data.map((f) => f.id), [a.id])
            assert.equal(second.body.next, null)
            assert.ok(second.body.previous)

            const back = await c.get(`/api/v1/flows?projectId=${PROJECT_ID}&limit=2&cursor=${second.body.previous}`)
            assert.deepEqual(back.body.data.map((f) => f.id), [d.id, b.id])

            const defaults = await c.get(`/api/v1/flows?projectId=${PROJECT_ID}`)
            assert.equal(defaults.body.data.length, 3)

            const byName = await c.get(`/api/v1/flows?projectId=${PROJECT_ID}&name=REPORT`)
            assert.deepEqual(byName.body.data.map((f) => f.id), [d.id, a.id])

            await c.applyOk(b.id, 'UPDATE_TRIGGER', webhookTrigger())
            await c.applyOk(b.id, 'LOCK_AND_PUBLISH', {})
            const enabled = await c.get(`/api/v1/flows?projectId=${PROJECT_ID}&status=ENABLED`)
            assert.deepEqual(enabled.body.data.map((f) => f.id), [b.id])
        }
        finally {
            await local.close()
        }
    })

    it('DELETE removes the flow: 204, then 404', async () => {
        const flow = await client.createFlow('Delete me')
        const res = await client.delete(`/api/v1/flows/${flow.id}`)
        assert.equal(res.status, 204)
        assert.equal(res.text, '')
        const fetched = await client.get(`/api/v1/flows/${flow.id}`)
        assert.equal(fetched.status, 404)
    })
})
