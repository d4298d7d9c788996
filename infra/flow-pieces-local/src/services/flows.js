// Flows and their versions: create, list, get, apply operations, delete.
// What an operation does to a version is decided by @activepieces/shared's flowOperations.apply;
// this service adds what the real server adds around it (forking a LOCKED version into a new
// DRAFT, locking and publishing, status changes, step validation, bookkeeping fields).
import shared from '@activepieces/shared'
import { apError, ErrorCode } from '../http/errors.js'
import { nowIso } from './clock.js'
import { seekPage } from './pagination.js'

const {
    apId,
    flowOperations,
    flowStructureUtil,
    FlowActionType,
    FlowOperationType,
    FlowStatus,
    FlowTriggerType,
    FlowVersionState,
    LATEST_FLOW_SCHEMA_VERSION,
} = shared

export class FlowService {
    /**
     * @param {import('../store.js').Store} store
     * @param {import('./step-validation.js').StepValidation} validation
     * @param {import('./catalog.js').Catalog} catalog
     */
    constructor(store, validation, catalog) {
        this.store = store
        this.validation = validation
        this.catalog = catalog
    }

    get state() {
        return this.store.state
    }

    create({ projectId, request, ownerId }) {
        const now = nowIso()
        const flow = {
            id: apId(),
            created: now,
            updated: now,
            projectId,
            externalId: apId(),
            ownerId: ownerId ?? null,
            folderId: request.folderId ?? null,
            status: FlowStatus.DISABLED,
            publishedVersionId: null,
            metadata: request.metadata ?? null,
            operationStatus: 'NONE',
            timeSavedPerRun: null,
            templateId: request.templateId ?? null,
            createdBy: null,
        }
        const version = buildEmptyVersion(flow.id, request.displayName, [])
        this.state.flows[flow.id] = flow
        this.state.flowVersions[version.id] = version
        this.store.save()
        return { ...flow, version }
    }

    /** The flow row or null. */
    findFlow(id) {
        return this.state.flows[id] ?? null
    }

    /** Throws the real server's 404 when the flow is not in this project. */
    getFlowOrThrow(id, projectId) {
        const flow = this.findFlow(id)
        if (!flow || (projectId !== undefined && flow.projectId !== projectId)) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: id, entityType: 'flow' })
        }
        return flow
    }

    versionsOf(flowId) {
        return Object.values(this.state.flowVersions)
            .filter((v) => v.flowId === flowId)
            .sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0))
    }

    latestVersion(flowId) {
        const versions = this.versionsOf(flowId)
        return versions[versions.length - 1]
    }

    latestLockedVersion(flowId) {
        return this.versionsOf(flowId).filter((v) => v.state === FlowVersionState.LOCKED).pop() ?? null
    }

    getVersionOrThrow(flowId, versionId) {
        const version = versionId === undefined ? this.latestVersion(flowId) : this.state.flowVersions[versionId]
        if (!version || version.flowId !== flowId) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: versionId, entityType: 'FlowVersion', message: `flowId=${flowId}` })
        }
        return version
    }

    getPopulated(id, projectId, versionId) {
        const flow = this.getFlowOrThrow(id, projectId)
        return { ...flow, version: this.getVersionOrThrow(id, versionId) }
    }

    list({ projectId, cursor, limit, status, name, folderId, externalIds, versionState }) {
        let flows = Object.values(this.state.flows).filter((f) => f.projectId === projectId)
        if (status?.length) {
            flows = flows.filter((f) => status.includes(f.status))
        }
        if (folderId !== undefined) {
            flows = flows.filter((f) => (folderId === 'NULL' ? f.folderId === null : f.folderId === folderId))
        }
        if (externalIds?.length) {
            flows = flows.filter((f) => externalIds.includes(f.externalId))
        }
        if (name !== undefined) {
            const needle = name.toLowerCase()
            flows = flows.filter((f) => this.latestVersion(f.id).displayName.toLowerCase().includes(needle))
        }
        const page = seekPage(flows, { cursor, limit, sortKey: (f) => f.updated })
        return {
            ...page,
            data: page.data.map((flow) => ({
                ...flow,
                version: versionState === FlowVersionState.LOCKED
                    ? (flow.publishedVersionId ? this.state.flowVersions[flow.publishedVersionId] ?? null : null)
                    : this.latestVersion(flow.id),
            })),
        }
    }

    delete(id, projectId) {
        this.getFlowOrThrow(id, projectId)
        delete this.state.flows[id]
        for (const version of this.versionsOf(id)) {
            delete this.state.flowVersions[version.id]
        }
        for (const run of Object.values(this.state.runs)) {
            if (run.flowId === id) {
                delete this.state.runs[run.id]
            }
        }
        this.store.save()
    }

    /**
     * POST /v1/flows/:id — the operation was already validated against FlowOperationRequest.
     * @param {{id: string, projectId: string, userId: string|null, operation: any}} params
     */
    update({ id, projectId, userId, operation }) {
        const flow = this.getFlowOrThrow(id, projectId)
        // Work on copies so a failing operation leaves the stored flow untouched.
        const draftState = structuredClone({ flow, versions: this.versionsOf(id) })
        const work = new Map(draftState.versions.map((v) => [v.id, v]))
        const ctx = { flow: draftState.flow, versions: work, userId }

        switch (operation.type) {
            case FlowOperationType.LOCK_AND_PUBLISH: {
                this.publishLatest(ctx)
                this.updateStatus(ctx, operation.request.status ?? FlowStatus.ENABLED)
                break
            }
            case FlowOperationType.CHANGE_STATUS:
                this.updateStatus(ctx, operation.request.status)
                break
            case FlowOperationType.CHANGE_FOLDER:
                ctx.flow.folderId = operation.request.folderId ?? null
                break
            case FlowOperationType.UPDATE_METADATA:
                ctx.flow.metadata = operation.request.metadata ?? null
                break
            case FlowOperationType.UPDATE_MINUTES_SAVED:
                ctx.flow.timeSavedPerRun = operation.request.timeSavedPerRun ?? null
                break
            case FlowOperationType.UPDATE_OWNER:
                ctx.flow.ownerId = operation.request.ownerId
                break
            case FlowOperationType.SAVE_SAMPLE_DATA:
                throw apError(ErrorCode.FLOW_OPERATION_INVALID, { message: 'SAVE_SAMPLE_DATA needs the file store of a real server; the local stand-in does not keep sample data files' })
            default: {
                let latest = latestOf(work)
                if (latest.state === FlowVersionState.LOCKED) {
                    // Edits never touch a locked version: fork a new draft with the same content first.
                    const fork = buildEmptyVersion(id, latest.displayName, [])
                    work.set(fork.id, fork)
                    latest = this.applyOperation(ctx, fork, {
                        type: FlowOperationType.IMPORT_FLOW,
                        request: {
                            displayName: latest.displayName,
                            trigger: latest.trigger,
                            schemaVersion: latest.schemaVersion,
                            notes: latest.notes,
                        },
                    })
                }
                this.applyOperation(ctx, latest, this.expandUserOperation(ctx, operation))
            }
        }

        ctx.flow.updated = nowIso()
        this.state.flows[id] = ctx.flow
        for (const version of work.values()) {
            this.state.flowVersions[version.id] = version
        }
        this.store.save()
        return { ...ctx.flow, version: latestOf(work) }
    }

    expandUserOperation(ctx, operation) {
        if (operation.type !== FlowOperationType.USE_AS_DRAFT) {
            return operation
        }
        const source = ctx.versions.get(operation.request.versionId)
        if (!source) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityId: operation.request.versionId, entityType: 'FlowVersion', message: `flowId=${ctx.flow.id}` })
        }
        return {
            type: FlowOperationType.IMPORT_FLOW,
            request: { displayName: source.displayName, trigger: source.trigger, schemaVersion: source.schemaVersion, notes: source.notes },
        }
    }

    /** Prepares the operation (step validity), lets @activepieces/shared apply it, stamps bookkeeping. */
    applyOperation(ctx, version, operation) {
        let target = version
        if (operation.type === FlowOperationType.LOCK_FLOW) {
            target = this.lockPieceVersions(version)
        }
        const prepared = this.validation.prepare(operation)
        const next = flowOperations.apply(target, prepared)
        next.updated = nowIso()
        if (ctx.userId) {
            next.updatedBy = ctx.userId
        }
        next.connectionIds = flowStructureUtil.extractConnectionIds(next)
        next.agentIds = flowStructureUtil.extractAgentIds(next)
        ctx.versions.set(next.id, next)
        return next
    }

    // Pins every piece step to the exact version the catalog serves, as publishing does on the real server.
    lockPieceVersions(version) {
        if (version.state === FlowVersionState.LOCKED) {
            return version
        }
        return flowStructureUtil.transferFlow(version, (step) => {
            const clone = structuredClone(step)
            if (step.type === FlowActionType.PIECE || step.type === FlowTriggerType.PIECE) {
                clone.settings.pieceVersion = this.catalog.getOrThrow(step.settings.pieceName, step.settings.pieceVersion).version
            }
            return clone
        })
    }

    publishLatest(ctx) {
        let latest = latestOf(ctx.versions)
        if (latest.state !== FlowVersionState.LOCKED) {
            latest = this.applyOperation(ctx, latest, { type: FlowOperationType.LOCK_FLOW, request: {} })
        }
        ctx.flow.publishedVersionId = latest.id
        ctx.flow.status = FlowStatus.DISABLED
    }

    updateStatus(ctx, newStatus) {
        if (ctx.flow.status === newStatus) {
            return
        }
        if (!ctx.flow.publishedVersionId) {
            // The real server asserts the same and answers 500 with this message.
            throw new Error('publishedFlowVersionId is null or undefined')
        }
        ctx.flow.status = newStatus
    }
}

function latestOf(versions) {
    return [...versions.values()].sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0)).pop()
}

function buildEmptyVersion(flowId, displayName, notes) {
    const now = nowIso()
    const version = {
        id: apId(),
        created: now,
        updated: now,
        flowId,
        displayName,
        trigger: {
            type: FlowTriggerType.EMPTY,
            name: 'trigger',
            settings: {},
            valid: false,
            displayName: 'Select Trigger',
            // Required by the FlowTrigger schema of @activepieces/shared 0.96.2.
            lastUpdatedDate: now,
        },
        updatedBy: null,
        valid: false,
        schemaVersion: LATEST_FLOW_SCHEMA_VERSION,
        agentIds: [],
        state: FlowVersionState.DRAFT,
        connectionIds: [],
        backupFiles: null,
        notes,
    }
    return version
}
