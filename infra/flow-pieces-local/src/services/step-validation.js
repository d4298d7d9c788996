// Server-side preparation of an operation before @activepieces/shared applies it: decides each
// added or updated step's `valid` from its settings and, for pieces, from the piece's props in the
// catalog (with the props schema the pieces framework builds), and drops input keys the piece
// does not declare. The reducer itself (flowOperations.apply) is never re-implemented here.
import framework from '@activepieces/pieces-framework'
import shared from '@activepieces/shared'
import { z } from 'zod'

const { piecePropertiesUtils } = framework
const {
    CodeActionSettings,
    FlowActionType,
    FlowOperationType,
    FlowTriggerType,
    LoopOnItemsActionSettings,
    RouterActionSettingsWithValidation,
    SourceCode,
    flowPieceUtil,
} = shared

const loopSettingsValidator = LoopOnItemsActionSettings.and(z.object({ items: z.string().min(1) }))
const codeSettingsValidator = CodeActionSettings.and(z.object({
    sourceCode: SourceCode.and(z.object({ code: z.string().min(1), packageJson: z.string().min(1) })),
}))

export class StepValidation {
    /** @param {import('./catalog.js').Catalog} catalog */
    constructor(catalog) {
        this.catalog = catalog
    }

    /** Returns a prepared copy of the operation; throws 404 for a piece the catalog does not know. */
    prepare(operation) {
        const op = structuredClone(operation)
        switch (op.type) {
            case FlowOperationType.ADD_ACTION:
                this.prepareAction(op.request.action)
                break
            case FlowOperationType.UPDATE_ACTION:
                this.prepareAction(op.request)
                break
            case FlowOperationType.UPDATE_TRIGGER:
                if (op.request.type === FlowTriggerType.EMPTY) {
                    op.request.valid = false
                }
                else if (op.request.type === FlowTriggerType.PIECE) {
                    op.request.settings.pieceVersion = flowPieceUtil.getExactVersion(op.request.settings.pieceVersion)
                    const result = this.validatePieceStep(op.request.settings, 'triggers', op.request.settings.triggerName)
                    op.request.valid = result.valid
                    if (result.valid && result.cleanInput) {
                        op.request.settings.input = result.cleanInput
                    }
                }
                break
            default:
                break
        }
        return op
    }

    prepareAction(action) {
        switch (action.type) {
            case FlowActionType.LOOP_ON_ITEMS:
                action.valid = loopSettingsValidator.safeParse(action.settings).success
                break
            case FlowActionType.ROUTER:
                action.valid = RouterActionSettingsWithValidation.safeParse(action.settings).success
                break
            case FlowActionType.CODE:
                action.valid = codeSettingsValidator.safeParse(action.settings).success
                break
            case FlowActionType.PIECE: {
                action.settings.pieceVersion = flowPieceUtil.getExactVersion(action.settings.pieceVersion)
                const result = this.validatePieceStep(action.settings, 'actions', action.settings.actionName)
                action.valid = result.valid
                if (result.cleanInput) {
                    action.settings.input = result.cleanInput
                }
                break
            }
        }
    }

    /**
     * @param {{pieceName?: string, pieceVersion?: string, input?: Record<string, unknown>}} settings
     * @param {'actions'|'triggers'} kind
     * @param {string|undefined} stepName the action or trigger name inside the piece
     */
    validatePieceStep(settings, kind, stepName) {
        if ([settings.pieceName, settings.pieceVersion, stepName, settings.input].some((v) => v === undefined || v === null)) {
            return { valid: false }
        }
        const piece = this.catalog.getOrThrow(settings.pieceName, settings.pieceVersion)
        const step = piece[kind][stepName]
        if (!step) {
            return { valid: false }
        }
        const schema = propsSchema(piece, step)
        const keys = Object.keys(schema.shape)
        const cleanInput = Object.fromEntries(keys.map((key) => [key, settings.input[key]]))
        return { valid: schema.safeParse(cleanInput).success, cleanInput }
    }

    /** Human-readable reasons a piece step's input does not satisfy its props (for run errors). */
    explainPieceStep(settings, kind, stepName) {
        const piece = this.catalog.find(settings.pieceName, settings.pieceVersion)
        const step = piece?.[kind]?.[stepName]
        if (!step) {
            return [`${kind === 'actions' ? 'action' : 'trigger'} ${stepName} of ${settings.pieceName} is not in the catalog`]
        }
        const parsed = propsSchema(piece, step).safeParse(settings.input ?? {})
        return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`)
    }
}

function propsSchema(piece, step) {
    // requireAuth defaults to true: at first every piece step required its auth.
    return piecePropertiesUtils.buildSchema(step.props ?? {}, piece.auth ?? undefined, step.requireAuth ?? true)
}
