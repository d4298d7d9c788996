import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import shared from '@activepieces/shared'
import { PROJECT_ID, codeAction, returnResponse, startTestServer, storePut, waitFor, webhookTrigger } from './helpers.js'

const { FlowRun, SeekPage } = shared

const tierRouter = {
    name: 'router_1',
    type: 'ROUTER',
    displayName: 'Tier router',
    valid: true,
    settings: {
        executionType: 'EXECUTE_FIRST_MATCH',
        branches: [
            { branchType: 'CONDITION', branchName: 'VIP', conditions: [[{ operator: 'TEXT_EXACTLY_MATCHES', firstValue: '{{trigger.body.tier}}', secondValue: 'vip', caseSensitive: false }]] },
            { branchType: 'FALLBACK', branchName: 'Otherwise' },
        ],
    },
}

async function publishedFlow(client, build) {
    const flow = await client.createFlow('Webhook flow')
    await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
    await build?.(flow)
    return client.applyOk(flow.id, 'LOCK_AND_PUBLISH', {})
}

async function waitForRun(client, predicate, what) {
    return waitFor(async () => {
        const res = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&limit=100`)
        return res.body.data.find(predicate)
    }, { what })
}

async function waitForTerminal(client, runId) {
    return waitFor(async () => {
        const res = await client.get(`/api/v1/flow-runs/${runId}`)
        return ['SUCCEEDED', 'FAILED'].includes(res.body.status) ? res.body : null
    }, { what: `run ${runId} to finish` })
}

describe('webhooks and runs', () => {
    let server
    let client
    before(async () => {
        server = await startTestServer({ runDelayMs: 100 })
        client = server.client
    })
    after(() => server.close())

    it('a webhook call starts a run that goes RUNNING -> SUCCEEDED with per-step outputs', async () => {
        const flow = await publishedFlow(client, async (f) => {
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: storePut('step_1', '{{trigger.body.customer}}', 'seen') })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'step_1', action: codeAction('step_2') })
        })
        const res = await client.post(`/api/v1/webhooks/${flow.id}?source=test`, { customer: 'ada' }, { token: null })
        assert.equal(res.status, 200)
        assert.deepEqual(res.body, {})
        assert.match(res.headers.get('x-webhook-id'), /^[0-9a-zA-Z]{21}$/)

        const listed = await waitForRun(client, (r) => r.flowId === flow.id, 'the run to be listed')
        assert.equal(listed.id, res.headers.get('x-webhook-id'), 'the header names the run')
        assert.equal(listed.flowVersionId, flow.publishedVersionId)
        assert.equal(listed.environment, 'PRODUCTION')
        assert.equal('steps' in listed, false, 'lists carry no steps')

        const running = await client.get(`/api/v1/flow-runs/${listed.id}`)
        assert.equal(running.body.status, 'RUNNING', 'observable before the run settles')
        assert.equal(running.body.finishTime, null)

        const run = await waitForTerminal(client, listed.id)
        assert.ok(FlowRun.safeParse(run).success, JSON.stringify(FlowRun.safeParse(run).error?.issues))
        assert.equal(run.status, 'SUCCEEDED')
        assert.ok(run.finishTime)
        assert.deepEqual(Object.keys(run.steps), ['trigger', 'step_1', 'step_2'])

        const trigger = run.steps.trigger
        assert.equal(trigger.status, 'SUCCEEDED')
        assert.equal(trigger.output.method, 'POST')
        assert.deepEqual(trigger.output.body, { customer: 'ada' })
        assert.deepEqual(trigger.output.queryParams, { source: 'test' })
        assert.equal(trigger.output.headers['content-type'], 'application/json')

        const stored = run.steps.step_1
        assert.equal(stored.status, 'SUCCEEDED')
        assert.equal(stored.input.key, 'ada', 'templates resolve against the trigger output')
        assert.equal(stored.output.simulated, true)
        assert.equal(stored.output.piece, '@activepieces/piece-store')
        assert.equal(run.steps.step_2.output.simulated, true)
    })

    it('a disabled flow answers 404, an unknown flow 410, both with x-webhook-id', async () => {
        const flow = await publishedFlow(client)
        await client.applyOk(flow.id, 'CHANGE_STATUS', { status: 'DISABLED' })
        const disabled = await client.post(`/api/v1/webhooks/${flow.id}`, { a: 1 }, { token: null })
        assert.equal(disabled.status, 404)
        assert.deepEqual(disabled.body, {})
        assert.ok(disabled.headers.get('x-webhook-id'))
        const disabledSync = await client.post(`/api/v1/webhooks/${flow.id}/sync`, { a: 1 }, { token: null })
        assert.equal(disabledSync.status, 404)

        const unknown = await client.post('/api/v1/webhooks/AAAAAAAAAAAAAAAAAAAAA', { a: 1 }, { token: null })
        assert.equal(unknown.status, 410)
        assert.deepEqual(unknown.body, {})

        const runs = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)
        assert.equal(runs.body.data.length, 0)
    })

    it('draft routes run the latest version even when disabled, as TESTING runs that the list leaves out', async () => {
        const flow = await client.createFlow('Draft only')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger())
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: returnResponse('step_1', { draft: true }) })
        const res = await client.post(`/api/v1/webhooks/${flow.id}/draft/sync`, {}, { token: null })
        assert.equal(res.status, 200)
        assert.deepEqual(res.body, { draft: true })
        const listed = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)
        assert.equal(listed.body.data.length, 0)
    })

    it('/sync answers with the flow\'s Return Response', async () => {
        const flow = await publishedFlow(client, (f) => client.applyOk(f.id, 'ADD_ACTION', {
            parentStep: 'trigger', action: returnResponse('step_1', { greeting: 'hello {{trigger.body.name}}' }, 201),
        }))
        const res = await client.post(`/api/v1/webhooks/${flow.id}/sync`, { name: 'Ada' }, { token: null })
        assert.equal(res.status, 201)
        assert.deepEqual(res.body, { greeting: 'hello Ada' })
        assert.equal(res.headers.get('x-from-flow'), 'yes')
    })

    it('/sync without a response step answers 204; a failing flow answers 500', async () => {
        const quiet = await publishedFlow(client, (f) => client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') }))
        const noContent = await client.post(`/api/v1/webhooks/${quiet.id}/sync`, {}, { token: null })
        assert.equal(noContent.status, 204)

        const broken = storePut('step_1', 'k', undefined)
        delete broken.settings.input.value
        const failing = await publishedFlow(client, (f) => client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: broken }))
        const failed = await client.post(`/api/v1/webhooks/${failing.id}/sync`, {}, { token: null })
        assert.equal(failed.status, 500)
        assert.deepEqual(failed.body, { message: 'The flow has failed and there is no response returned' })
    })

    it('an invalid step fails the run with its error; skipped steps are not run', async () => {
        const broken = storePut('step_2', 'k', undefined)
        delete broken.settings.input.value
        const flow = await publishedFlow(client, async (f) => {
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: storePut('step_1', 'a', 'b') })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'step_1', action: { ...codeAction('skipped_step'), skip: true } })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'skipped_step', action: broken })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'step_2', action: codeAction('step_3') })
        })
        await client.post(`/api/v1/webhooks/${flow.id}`, {}, { token: null })
        const listed = await waitForRun(client, (r) => r.flowId === flow.id, 'the failing run')
        const run = await waitForTerminal(client, listed.id)
        assert.equal(run.status, 'FAILED')
        assert.equal(run.failedStep.name, 'step_2')
        assert.match(run.failedStep.message, /invalid or incomplete.*value/)
        assert.equal(run.steps.step_1.status, 'SUCCEEDED')
        assert.equal(run.steps.step_2.status, 'FAILED')
        assert.equal('skipped_step' in run.steps, false, 'skipped steps are not executed or recorded')
        assert.equal('step_3' in run.steps, false, 'nothing runs after the failure')
    })

    it('continueOnFailure lets the run go on; connection references show as **REDACTED** in step inputs', async () => {
        const broken = storePut('step_1', 'k', undefined)
        delete broken.settings.input.value
        broken.settings.errorHandlingOptions = { continueOnFailure: { value: true }, retryOnFailure: { value: false } }
        const slack = {
            name: 'step_2',
            type: 'PIECE',
            displayName: 'Post to Slack',
            valid: true,
            settings: {
                pieceName: '@activepieces/piece-slack',
                pieceVersion: '0.17.9',
                actionName: 'send_channel_message',
                input: { auth: '{{connections[\'slack-main\']}}', channel: 'C123', text: 'hi {{trigger.body.name}}', sendAsBot: true },
                propertySettings: {},
            },
        }
        const flow = await publishedFlow(client, async (f) => {
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: broken })
            const body = await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'step_1', action: slack })
            assert.deepEqual(body.version.connectionIds, ['slack-main'])
        })
        await client.post(`/api/v1/webhooks/${flow.id}/sync`, { name: 'Ada' }, { token: null })
        const [listed] = (await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)).body.data
        const run = (await client.get(`/api/v1/flow-runs/${listed.id}`)).body
        assert.equal(run.status, 'SUCCEEDED')
        assert.equal(run.steps.step_1.status, 'FAILED')
        assert.equal(run.steps.step_2.status, 'SUCCEEDED')
        assert.deepEqual(run.steps.step_2.input, { auth: '**REDACTED**', channel: 'C123', text: 'hi Ada', sendAsBot: true })
        assert.equal(run.steps.step_2.output.simulated, true)
    })

    it('routers evaluate their conditions and run only the matching branch', async () => {
        const flow = await publishedFlow(client, async (f) => {
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: tierRouter })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'router_1', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 0, action: storePut('vip_step', 'vip', '1') })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'router_1', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 1, action: storePut('regular_step', 'regular', '1') })
        })
        const vip = await client.post(`/api/v1/webhooks/${flow.id}/sync`, { tier: 'VIP' }, { token: null })
        assert.equal(vip.status, 204)
        const regular = await client.post(`/api/v1/webhooks/${flow.id}/sync`, { tier: 'basic' }, { token: null })
        assert.equal(regular.status, 204)

        const list = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)
        const [regularRun, vipRun] = await Promise.all(list.body.data.map((r) => client.get(`/api/v1/flow-runs/${r.id}`).then((x) => x.body)))
        assert.deepEqual(vipRun.steps.router_1.output.branches, [
            { branchName: 'VIP', branchIndex: 1, evaluation: true },
            { branchName: 'Otherwise', branchIndex: 2, evaluation: false },
        ])
        assert.ok('vip_step' in vipRun.steps)
        assert.equal('regular_step' in vipRun.steps, false)
        assert.ok('regular_step' in regularRun.steps)
        assert.equal('vip_step' in regularRun.steps, false)
    })

    it('loops run their body once per item and keep each iteration', async () => {
        const loop = { name: 'loop_1', type: 'LOOP_ON_ITEMS', displayName: 'Each', valid: true, settings: { items: '{{trigger.body.items}}' } }
        const flow = await publishedFlow(client, async (f) => {
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: loop })
            await client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'loop_1', stepLocationRelativeToParent: 'INSIDE_LOOP', action: storePut('per_item', '{{loop_1.item.sku}}', '{{loop_1.index}}') })
        })
        await client.post(`/api/v1/webhooks/${flow.id}/sync`, { items: [{ sku: 'a' }, { sku: 'b' }, { sku: 'c' }] }, { token: null })
        const list = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)
        const run = (await client.get(`/api/v1/flow-runs/${list.body.data[0].id}`)).body
        const output = run.steps.loop_1.output
        assert.equal(output.iterations.length, 3)
        assert.deepEqual(output.iterations.map((it) => it.per_item.input.key), ['a', 'b', 'c'])
        assert.deepEqual(output.iterations.map((it) => it.per_item.input.value), [1, 2, 3])
        assert.equal('per_item' in run.steps, false, 'loop body steps live inside the iterations')
    })

    it('the webhook trigger\'s own header authentication decides whether a run starts', async () => {
        const flow = await client.createFlow('Header auth')
        await client.applyOk(flow.id, 'UPDATE_TRIGGER', webhookTrigger({ authType: 'header', authFields: { headerName: 'X-Secret', headerValue: 's3cret' } }))
        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'trigger', action: returnResponse('step_1', { ok: true }) })
        await client.applyOk(flow.id, 'LOCK_AND_PUBLISH', {})
        const refused = await client.post(`/api/v1/webhooks/${flow.id}/sync`, {}, { token: null, headers: { 'x-secret': 'wrong' } })
        assert.equal(refused.status, 204)
        const accepted = await client.post(`/api/v1/webhooks/${flow.id}/sync`, {}, { token: null, headers: { 'x-secret': 's3cret' } })
        assert.equal(accepted.status, 200)
        const list = await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)
        assert.equal(list.body.data.length, 1, 'a refused request creates no run')
    })

    it('refuses a payload over the cap with 413', async () => {
        const small = await startTestServer({ webhookMaxBytes: 1024 })
        try {
            const flow = await publishedFlow(small.client)
            const res = await small.client.post(`/api/v1/webhooks/${flow.id}`, { blob: 'x'.repeat(4096) }, { token: null })
            assert.equal(res.status, 413)
            assert.deepEqual(res.body, { message: 'Payload too large' })
        }
        finally {
            await small.close()
        }
    })

    it('lists runs newest first with paging and filters; gets one with steps; 404 for unknown', async () => {
        const local = await startTestServer({ runDelayMs: 10 })
        try {
            const c = local.client
            const flow = await publishedFlow(c, (f) => c.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') }))
            for (let i = 0; i < 3; i++) {
                await c.post(`/api/v1/webhooks/${flow.id}/sync`, { i }, { token: null })
            }
            const first = await c.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&limit=2`)
            assert.equal(first.status, 200)
            assert.ok(SeekPage(FlowRun).safeParse(first.body).success)
            assert.equal(first.body.data.length, 2)
            assert.ok(first.body.next)
            const second = await c.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&limit=2&cursor=${first.body.next}`)
            assert.equal(second.body.data.length, 1)
            assert.equal(second.body.next, null)
            const all = [...first.body.data, ...second.body.data]
            assert.equal(new Set(all.map((r) => r.id)).size, 3)
            const inputs = await Promise.all(all.map((r) => c.get(`/api/v1/flow-runs/${r.id}`).then((x) => x.body.steps.trigger.output.body.i)))
            assert.deepEqual(inputs, [2, 1, 0], 'newest first')

            const succeeded = await c.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&status=SUCCEEDED&flowId=${flow.id}`)
            assert.equal(succeeded.body.data.length, 3)
            const failed = await c.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&status=FAILED`)
            assert.equal(failed.body.data.length, 0)

            const missing = await c.get('/api/v1/flow-runs/AAAAAAAAAAAAAAAAAAAAA')
            assert.equal(missing.status, 404)
        }
        finally {
            await local.close()
        }
    })

    it('retry ON_LATEST_VERSION starts a new run on the latest published version with the same payload', async () => {
        const flow = await publishedFlow(client, (f) => client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') }))
        await client.post(`/api/v1/webhooks/${flow.id}/sync`, { attempt: 1 }, { token: null })
        const [original] = (await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)).body.data

        await client.applyOk(flow.id, 'ADD_ACTION', { parentStep: 'step_1', action: codeAction('step_2') })
        const republished = await client.applyOk(flow.id, 'LOCK_AND_PUBLISH', {})

        const res = await client.post(`/api/v1/flow-runs/${original.id}/retry`, { strategy: 'ON_LATEST_VERSION', projectId: PROJECT_ID })
        assert.equal(res.status, 200)
        assert.notEqual(res.body.id, original.id)
        assert.equal(res.body.flowVersionId, republished.publishedVersionId)
        const retried = await waitForTerminal(client, res.body.id)
        assert.deepEqual(retried.steps.trigger.output.body, { attempt: 1 })
        assert.ok('step_2' in retried.steps)
    })

    it('retry FROM_FAILED_STEP runs the same run again', async () => {
        const flow = await publishedFlow(client, (f) => client.applyOk(f.id, 'ADD_ACTION', { parentStep: 'trigger', action: codeAction('step_1') }))
        await client.post(`/api/v1/webhooks/${flow.id}/sync`, {}, { token: null })
        const [original] = (await client.get(`/api/v1/flow-runs?projectId=${PROJECT_ID}&flowId=${flow.id}`)).body.data
        const res = await client.post(`/api/v1/flow-runs/${original.id}/retry`, { strategy: 'FROM_FAILED_STEP', projectId: PROJECT_ID })
        assert.equal(res.status, 200)
        assert.equal(res.body.id, original.id)
        assert.equal(res.body.status, 'RUNNING')
        const done = await waitForTerminal(client, original.id)
        assert.equal(done.status, 'SUCCEEDED')
    })
})
