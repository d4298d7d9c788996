// Flow runs: started by webhooks and retries, listed and fetched like the real API.
// A run is created RUNNING, its (simulated) result is computed at once and revealed after
// FLOW_PIECES_RUN_DELAY_MS, so callers can watch RUNNING turn into a terminal status.
import shared from '@activepieces/shared'
import { apError, ErrorCode } from '../http/errors.js'
import { nowIso } from './clock.js'
import { seekPage } from './pagination.js'

const { apId, FlowRetryStrategy, RunEnvironment } = shared

export class RunService {
    /**
     * @param {import('../store.js').Store} store
     * @param {import('./flows.js').FlowService} flows
     * @param {import('./executor.js').Executor} executor
     * @param {{runDelayMs: number}} options
     */
    constructor(store, flows, executor, { runDelayMs }) {
        this.store = store
        this.flows = flows
        this.executor = executor
        this.runDelayMs = runDelayMs
        /** @type {Map<string, {timer: NodeJS.Timeout, settled: Promise<any>, settle: () => void}>} */
        this.pending = new Map()
    }

    get runs() {
        return this.store.state.runs
    }

    /**
     * Executes `version` for a trigger payload. Returns null when the trigger did not fire
     * (e.g. the webhook's own authentication rejected the request), as no run is created then.
     * @returns {{run: any, done: Promise<{run: any, result: import('./executor.js').ExecutionResult}>} | null}
     */
    start({ flow, version, payload, environment, existingRun, runId }) {
        const result = this.executor.execute(version, payload)
        if (!result.triggered) {
            return null
        }
        const now = nowIso()
        const run = existingRun ?? {
            id: runId ?? apId(),
            created: now,
            projectId: flow.projectId,
            flowId: flow.id,
            failParentOnFailure: false,
            tags: [],
            logsFileId: null,
            environment,
            archivedAt: null,
        }
        Object.assign(run, {
            updated: now,
            flowVersionId: version.id,
            flowVersion: { displayName: version.displayName },
            status: 'RUNNING',
            startTime: now,
            finishTime: null,
            // Like a live run: the trigger output is there, the rest arrives when the run settles.
            steps: pick(result.steps, version.trigger.name),
            stepsCount: 0,
            _payload: payload,
        })
        delete run.failedStep
        this.runs[run.id] = run
        this.store.save()
        return { run: publicRun(run, true), done: this.schedule(run.id, result) }
    }

    schedule(runId, result) {
        let settle
        const settled = new Promise((resolve) => {
            settle = () => {
                clearTimeout(entry.timer)
                this.pending.delete(runId)
                resolve({ run: this.finish(runId, result), result })
            }
        })
        const entry = { timer: setTimeout(() => settle(), this.runDelayMs), settled, settle: () => settle() }
        this.pending.set(runId, entry)
        return settled
    }

    finish(runId, result) {
        const run = this.runs[runId]
        if (!run) {
            return null
        }
        const now = nowIso()
        Object.assign(run, {
            status: result.status,
            steps: result.steps,
            stepsCount: result.stepsCount,
            finishTime: now,
            updated: now,
        })
        if (result.failedStep) {
            run.failedStep = result.failedStep
        }
        this.store.save()
        return publicRun(run, true)
    }

    /** Settles every run still in flight (graceful shutdown). */
    settleAll() {
        for (const entry of [...this.pending.values()]) {
            entry.settle()
        }
    }

    /** Runs left RUNNING by a previous process are executed again from their stored payload. */
    resumeInterrupted() {
        for (const run of Object.values(this.runs)) {
            if (run.status !== 'RUNNING' && run.status !== 'QUEUED') {
                continue
            }
            const flow = this.flows.findFlow(run.flowId)
            const version = this.store.state.flowVersions[run.flowVersionId]
            if (!flow || !version) {
                Object.assign(run, { status: 'INTERNAL_ERROR', finishTime: nowIso(), updated: nowIso() })
                continue
            }
            this.start({ flow, version, payload: run._payload, environment: run.environment, existingRun: run })
        }
        this.store.save()
    }

    list({ projectId, flowId, status, cursor, limit, createdAfter, createdBefore }) {
        let runs = Object.values(this.runs).filter((r) => r.projectId === projectId && r.environment === RunEnvironment.PRODUCTION)
        if (flowId?.length) {
            runs = runs.filter((r) => flowId.includes(r.flowId))
        }
        if (status?.length) {
            runs = runs.filter((r) => status.includes(r.status))
        }
        if (createdAfter) {
            runs = runs.filter((r) => r.created >= createdAfter)
        }
        if (createdBefore) {
            runs = runs.filter((r) => r.created <= createdBefore)
        }
        const page = seekPage(runs, { cursor, limit, sortKey: (r) => r.created })
        return { ...page, data: page.data.map((run) => publicRun(run, false)) }
    }

    findRun(id) {
        return this.runs[id] ?? null
    }

    getOrThrow(id, projectId) {
        const run = this.runs[id]
        if (!run || run.projectId !== projectId) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: id, entityType: 'flow_run' })
        }
        return publicRun(run, true)
    }

    retry({ id, projectId, strategy }) {
        const old = this.runs[id]
        if (!old || old.projectId !== projectId) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: id, entityType: 'flow_run' })
        }
        const flow = this.flows.getFlowOrThrow(old.flowId, projectId)
        if (this.pending.has(old.id)) {
            this.pending.get(old.id).settle()
        }
        if (strategy === FlowRetryStrategy.FROM_FAILED_STEP) {
            // Same run, same version, same trigger payload; it goes back through RUNNING.
            const version = this.flows.getVersionOrThrow(old.flowId, old.flowVersionId)
            return this.start({ flow, version, payload: old._payload, environment: old.environment, existingRun: old })?.run ?? publicRun(old, false)
        }
        const latestLocked = this.flows.latestLockedVersion(old.flowId)
        if (!latestLocked) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: old.flowId, entityType: 'FlowVersion' })
        }
        const started = this.start({ flow, version: latestLocked, payload: old._payload, environment: RunEnvironment.PRODUCTION })
        return started ? started.run : null
    }
}

function pick(steps, name) {
    return name in steps ? { [name]: steps[name] } : {}
}

/** The run as the API shows it: internal fields dropped; steps only where the real API sends them. */
export function publicRun(run, withSteps) {
    const out = {}
    for (const [key, value] of Object.entries(run)) {
        if (!key.startsWith('_') && (withSteps || key !== 'steps')) {
            out[key] = value
        }
    }
    return structuredClone(out)
}
