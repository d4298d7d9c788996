// Walks a flow version the way the engine does and records per-step outputs, WITHOUT executing
// anything against third-party services: piece actions get a sample output built from their
// resolved input and marked `simulated: true`. Only steps whose whole effect is local are carried
// out for real: the webhook trigger (its output is the HTTP request), Return Response, the data
// mapper, routers (conditions are evaluated) and loops (they iterate over the resolved items).
import { performance } from 'node:perf_hooks'
import shared from '@activepieces/shared'

const { FlowActionType, FlowTriggerType } = shared

const WEBHOOK_PIECE = '@activepieces/piece-webhook'
const DATA_MAPPER_PIECE = '@activepieces/piece-data-mapper'
const REDACTED = '**REDACTED**'
const SIMULATION_NOTE = 'Not executed: the local Flow Pieces stand-in never calls third-party services. This output is a sample built from the step input.'

/**
 * @typedef {object} ExecutionResult
 * @property {boolean} triggered            false when the trigger rejected the request (no run is created)
 * @property {'SUCCEEDED'|'FAILED'} status
 * @property {Record<string, any>} steps
 * @property {{name: string, displayName: string, message: string}} [failedStep]
 * @property {{status: number, body: unknown, headers: Record<string,string>}} [response]  set by Return Response
 * @property {number} stepsCount
 */

export class Executor {
    /**
     * @param {import('./catalog.js').Catalog} catalog
     * @param {import('./step-validation.js').StepValidation} validation
     */
    constructor(catalog, validation) {
        this.catalog = catalog
        this.validation = validation
    }

    /**
     * @param {any} version a FlowVersion
     * @param {{method: string, headers: Record<string,string>, body: unknown, queryParams: Record<string,unknown>}} payload
     * @returns {ExecutionResult}
     */
    execute(version, payload) {
        const run = { verdict: 'RUNNING', failedStep: undefined, response: undefined, stepsCount: 0 }
        const steps = {}
        const scope = {}
        const trigger = version.trigger
        const triggerResult = this.executeTrigger(trigger, payload, scope)
        if (!triggerResult.triggered) {
            return { triggered: false, status: 'SUCCEEDED', steps: {}, stepsCount: 0 }
        }
        steps[trigger.name] = triggerResult.output
        if (triggerResult.output.status === 'FAILED') {
            run.verdict = 'FAILED'
            run.failedStep = { name: trigger.name, displayName: trigger.displayName, message: triggerResult.output.errorMessage }
        }
        else {
            scope[trigger.name] = triggerResult.output.output
            this.executeChain(trigger.nextAction, { run, steps, scope })
        }
        return {
            triggered: true,
            // A Return Response that stops the flow ends it successfully, as on the real engine.
            status: run.verdict === 'FAILED' ? 'FAILED' : 'SUCCEEDED',
            steps,
            failedStep: run.failedStep,
            response: run.response,
            stepsCount: run.stepsCount,
        }
    }

    executeTrigger(trigger, payload, scope) {
        const started = performance.now()
        if (trigger.type === FlowTriggerType.EMPTY) {
            return { triggered: true, output: stepOutput(trigger.type, 'FAILED', {}, undefined, started, 'The flow has no trigger: select a trigger before running it.') }
        }
        const input = resolve(trigger.settings?.input ?? {}, scope)
        if (!trigger.valid) {
            const reasons = this.validation.explainPieceStep(trigger.settings ?? {}, 'triggers', trigger.settings?.triggerName)
            return { triggered: true, output: stepOutput(trigger.type, 'FAILED', input, undefined, started, invalidMessage(trigger, reasons)) }
        }
        if (trigger.settings.pieceName === WEBHOOK_PIECE && trigger.settings.triggerName === 'catch_webhook'
            && !webhookAuthAccepted(input.authType, input.authFields ?? {}, payload.headers)) {
            return { triggered: false }
        }
        return { triggered: true, output: stepOutput(trigger.type, 'SUCCEEDED', input, payload, started) }
    }

    /** Runs `action` and its nextAction chain until the run stops, records into ctx.steps. */
    executeChain(action, ctx) {
        let current = action
        while (current) {
            // Skipped steps are neither executed nor recorded, as on the real engine.
            if (!current.skip) {
                this.executeAction(current, ctx)
                if (ctx.run.verdict !== 'RUNNING') {
                    return
                }
            }
            current = current.nextAction
        }
    }

    executeAction(action, ctx) {
        ctx.run.stepsCount += 1
        switch (action.type) {
            case FlowActionType.PIECE:
                return this.executePiece(action, ctx)
            case FlowActionType.CODE:
                return this.executeCode(action, ctx)
            case FlowActionType.LOOP_ON_ITEMS:
                return this.executeLoop(action, ctx)
            case FlowActionType.ROUTER:
                return this.executeRouter(action, ctx)
            default:
                return this.fail(action, ctx, {}, performance.now(), `Unsupported step type ${action.type}`)
        }
    }

    executePiece(action, ctx) {
        const started = performance.now()
        const settings = action.settings ?? {}
        const input = resolve(settings.input ?? {}, ctx.scope)
        if (!action.valid) {
            const reasons = this.validation.explainPieceStep(settings, 'actions', settings.actionName)
            return this.fail(action, ctx, input, started, invalidMessage(action, reasons))
        }
        let output
        if (settings.pieceName === WEBHOOK_PIECE && settings.actionName === 'return_response') {
            output = this.returnResponse(input, ctx)
        }
        else if (settings.pieceName === WEBHOOK_PIECE && settings.actionName === 'return_response_and_wait_for_next_webhook') {
            output = {
                ...simulated(settings, input),
                note: `${SIMULATION_NOTE} A real run would answer the webhook and pause until the next one; the stand-in continues at once.`,
            }
        }
        else if (settings.pieceName === DATA_MAPPER_PIECE && settings.actionName === 'advanced_mapping') {
            output = input.mapping
        }
        else {
            output = simulated(settings, input)
        }
        this.record(action, ctx, stepOutput(action.type, 'SUCCEEDED', input, output, started))
    }

    // Return Response of the webhook piece: builds the HTTP answer of a /sync call.
    returnResponse(input, ctx) {
        const fields = input.fields ?? {}
        const response = { status: fields.status ?? 200, headers: fields.headers ?? {}, body: undefined }
        switch (input.responseType) {
            case 'json':
                response.body = typeof fields.body === 'string' ? parseJsonOrKeep(fields.body) : fields.body
                break
            case 'raw':
                response.body = fields.body
                break
            case 'redirect':
                response.status = 301
                response.headers = { ...response.headers, Location: /^https?:\/\//.test(fields.body ?? '') ? fields.body : `https://${fields.body}` }
                response.body = fields.body
                break
        }
        if ((input.respond === 'stop' || input.respond === 'respond') && ctx.run.response === undefined) {
            ctx.run.response = response
        }
        if (input.respond === 'stop') {
            ctx.run.verdict = 'STOPPED'
        }
        return response
    }

    executeCode(action, ctx) {
        const started = performance.now()
        const input = resolve(action.settings?.input ?? {}, ctx.scope)
        if (!action.valid) {
            return this.fail(action, ctx, input, started, invalidMessage(action, ['the code step needs source code and a package.json']))
        }
        const output = { simulated: true, note: 'Not executed: the local Flow Pieces stand-in does not run code steps. This output is a sample built from the step input.', input }
        this.record(action, ctx, stepOutput(action.type, 'SUCCEEDED', input, output, started))
    }

    executeLoop(action, ctx) {
        const started = performance.now()
        const input = { items: resolve(action.settings?.items, ctx.scope) }
        if (!action.valid) {
            return this.fail(action, ctx, input, started, invalidMessage(action, ['the loop needs items']))
        }
        const items = typeof input.items === 'string' ? parseJsonOrKeep(input.items) : input.items
        if (!Array.isArray(items)) {
            return this.fail(action, ctx, input, started, 'The items you have selected must be a list.')
        }
        const loopOutput = { item: undefined, index: 0, iterations: [] }
        const record = stepOutput(action.type, 'SUCCEEDED', input, loopOutput, started)
        this.record(action, ctx, record)
        for (let i = 0; i < items.length; i++) {
            loopOutput.item = items[i]
            loopOutput.index = i + 1
            ctx.scope[action.name] = { item: items[i], index: i + 1 }
            const iteration = {}
            loopOutput.iterations.push(iteration)
            this.executeChain(action.firstLoopAction, { ...ctx, steps: iteration })
            if (ctx.run.verdict !== 'RUNNING') {
                if (ctx.run.verdict === 'FAILED') {
                    record.status = 'FAILED'
                }
                break
            }
        }
        ctx.scope[action.name] = { item: loopOutput.item, index: loopOutput.index }
        record.duration = Math.round(performance.now() - started)
    }

    executeRouter(action, ctx) {
        const started = performance.now()
        const settings = resolve(action.settings ?? {}, ctx.scope)
        if (!action.valid) {
            return this.fail(action, ctx, settings, started, invalidMessage(action, ['every branch needs a name and complete conditions']))
        }
        const branches = settings.branches ?? []
        const matched = branches.map((branch) => branch.branchType === 'FALLBACK' || evaluateConditions(branch.conditions ?? []))
        const evaluation = branches.map((branch, i) => branch.branchType === 'FALLBACK'
            ? matched.every((value, j) => j === i || !value)
            : matched[i])
        const output = {
            branches: branches.map((branch, i) => ({ branchName: branch.branchName, branchIndex: i + 1, evaluation: evaluation[i] })),
        }
        this.record(action, ctx, stepOutput(action.type, 'SUCCEEDED', settings, output, started))
        for (let i = 0; i < branches.length; i++) {
            if (!evaluation[i]) {
                continue
            }
            this.executeChain(action.children?.[i] ?? null, ctx)
            if (ctx.run.verdict !== 'RUNNING' || settings.executionType === 'EXECUTE_FIRST_MATCH') {
                break
            }
        }
    }

    fail(action, ctx, input, started, message) {
        this.record(action, ctx, stepOutput(action.type, 'FAILED', input, undefined, started, message))
        const continueOnFailure = action.settings?.errorHandlingOptions?.continueOnFailure?.value === true
        if (!continueOnFailure) {
            ctx.run.verdict = 'FAILED'
            ctx.run.failedStep = { name: action.name, displayName: action.displayName, message }
        }
    }

    record(action, ctx, output) {
        ctx.steps[action.name] = output
        ctx.scope[action.name] = output.output
    }
}

function stepOutput(type, status, input, output, started, errorMessage) {
    const step = { type, status, input, output, duration: Math.round(performance.now() - started) }
    if (errorMessage !== undefined) {
        step.errorMessage = errorMessage
    }
    return step
}

function simulated(settings, input) {
    return {
        simulated: true,
        note: SIMULATION_NOTE,
        piece: settings.pieceName,
        pieceVersion: settings.pieceVersion,
        action: settings.actionName,
        input,
    }
}

function invalidMessage(step, reasons) {
    const detail = reasons.length ? `: ${reasons.join('; ')}` : ''
    return `Step "${step.displayName}" is invalid or incomplete${detail}`
}

function parseJsonOrKeep(text) {
    try {
        return JSON.parse(text)
    }
    catch {
        return text
    }
}

function webhookAuthAccepted(authType, authFields, headers) {
    switch (authType) {
        case 'basic': {
            const header = headers.authorization ?? ''
            if (!header.toLowerCase().startsWith('basic ')) {
                return false
            }
            const [user, password] = Buffer.from(header.slice(6), 'base64').toString().split(':')
            return user === authFields.username && password === authFields.password
        }
        case 'header':
            return typeof authFields.headerName === 'string' && headers[authFields.headerName.toLowerCase()] === authFields.headerValue
        default:
            return true
    }
}

// ---- templates: {{trigger.body.x}}, {{step_1['field'][0]}}, {{connections['id']}} ----

const TEMPLATE = /\{\{(.*?)\}\}/g

/** Resolves `{{path}}` templates in strings, arrays and objects against earlier step outputs. */
export function resolve(value, scope) {
    if (typeof value === 'string') {
        const whole = value.match(/^\s*\{\{(.*?)\}\}\s*$/)
        if (whole) {
            return lookup(whole[1], scope)
        }
        return value.replace(TEMPLATE, (_, expression) => {
            const resolved = lookup(expression, scope)
            if (resolved === undefined || resolved === null) {
                return ''
            }
            return typeof resolved === 'object' ? JSON.stringify(resolved) : String(resolved)
        })
    }
    if (Array.isArray(value)) {
        return value.map((item) => resolve(item, scope))
    }
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, scope)]))
    }
    return value
}

function lookup(expression, scope) {
    const path = parsePath(expression.trim())
    if (!path) {
        return undefined
    }
    if (path[0] === 'connections') {
        return REDACTED
    }
    let current = scope
    for (const key of path) {
        if (current === undefined || current === null) {
            return undefined
        }
        current = current[key]
    }
    return current
}

// identifier ( .identifier | [number] | ['text'] | ["text"] )*
function parsePath(text) {
    const first = text.match(/^[A-Za-z_$][\w$]*/)
    if (!first) {
        return null
    }
    const path = [first[0]]
    let rest = text.slice(first[0].length)
    while (rest.length) {
        let m
        if ((m = rest.match(/^\.([A-Za-z_$][\w$]*)/))) {
            path.push(m[1])
        }
        else if ((m = rest.match(/^\[\s*(\d+)\s*\]/))) {
            path.push(Number(m[1]))
        }
        else if ((m = rest.match(/^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/)) || (m = rest.match(/^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/))) {
            path.push(m[1])
        }
        else {
            return null
        }
        rest = rest.slice(m[0].length)
    }
    return path
}

// ---- router conditions: outer array OR, inner array AND ----

function evaluateConditions(groups) {
    return groups.some((group) => group.every(evaluateCondition))
}

function evaluateCondition(condition) {
    const { operator, firstValue, secondValue, caseSensitive } = condition
    const text = (v) => {
        const s = typeof v === 'string' ? v : JSON.stringify(v) ?? ''
        return caseSensitive ? s : s.toLowerCase()
    }
    const number = (v) => (Number.isNaN(Number(v)) ? v : Number(v))
    const list = (v) => {
        if (Array.isArray(v)) {
            return v
        }
        if (typeof v === 'string') {
            const parsed = parseJsonOrKeep(v)
            return Array.isArray(parsed) ? parsed : [parsed]
        }
        return [v]
    }
    const strictList = (v) => (Array.isArray(v) ? v : (typeof v === 'string' && Array.isArray(parseJsonOrKeep(v)) ? parseJsonOrKeep(v) : undefined))
    const date = (v) => ((typeof v === 'string' || typeof v === 'number') && !Number.isNaN(new Date(v).getTime()) ? new Date(v).getTime() : undefined)
    const empty = (v) => v === undefined || v === null || v === ''
    switch (operator) {
        case 'TEXT_CONTAINS': return text(firstValue).includes(text(secondValue))
        case 'TEXT_DOES_NOT_CONTAIN': return !text(firstValue).includes(text(secondValue))
        case 'TEXT_EXACTLY_MATCHES': return text(firstValue) === text(secondValue)
        case 'TEXT_DOES_NOT_EXACTLY_MATCH': return text(firstValue) !== text(secondValue)
        case 'TEXT_STARTS_WITH': return text(firstValue).startsWith(text(secondValue))
        case 'TEXT_ENDS_WITH': return text(firstValue).endsWith(text(secondValue))
        case 'TEXT_DOES_NOT_START_WITH': return !text(firstValue).startsWith(text(secondValue))
        case 'TEXT_DOES_NOT_END_WITH': return !text(firstValue).endsWith(text(secondValue))
        case 'LIST_CONTAINS': return list(firstValue).some((item) => text(item) === text(secondValue))
        case 'LIST_DOES_NOT_CONTAIN': return !list(firstValue).some((item) => text(item) === text(secondValue))
        case 'LIST_IS_EMPTY': return strictList(firstValue)?.length === 0
        case 'LIST_IS_NOT_EMPTY': return (strictList(firstValue)?.length ?? 0) > 0
        case 'NUMBER_IS_GREATER_THAN': return number(firstValue) > number(secondValue)
        case 'NUMBER_IS_LESS_THAN': return number(firstValue) < number(secondValue)
        // eslint-disable-next-line eqeqeq
        case 'NUMBER_IS_EQUAL_TO': return number(firstValue) == number(secondValue)
        case 'BOOLEAN_IS_TRUE': return Boolean(firstValue)
        case 'BOOLEAN_IS_FALSE': return !firstValue
        case 'DATE_IS_AFTER': return date(firstValue) !== undefined && date(secondValue) !== undefined && date(firstValue) > date(secondValue)
        case 'DATE_IS_BEFORE': return date(firstValue) !== undefined && date(secondValue) !== undefined && date(firstValue) < date(secondValue)
        case 'DATE_IS_EQUAL': return date(firstValue) !== undefined && date(firstValue) === date(secondValue)
        case 'EXISTS': return !empty(firstValue)
        case 'DOES_NOT_EXIST': return empty(firstValue)
        default: return false
    }
}
