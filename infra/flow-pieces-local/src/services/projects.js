// Projects of the one platform, as on an Activepieces Enterprise/Cloud platform: the configured
// project always exists (it is the signed-in user's), the platform API key creates more with
// POST /v1/projects and may use every project of the platform.
// Rows are stored as the package's `Project`; answers are `ProjectWithLimits` (Project without
// `deleted`, plus `plan` and `analytics`), the schema the real controller serializes with.
import shared from '@activepieces/shared'
import { apError, ErrorCode } from '../http/errors.js'
import { nowIso } from './clock.js'
import { seekPage } from './pagination.js'

const { apId, ColorName, FlowStatus, PiecesFilterType, ProjectType } = shared

// The real controller's page size when `limit` is not given.
const DEFAULT_LIMIT = 50
// Display name of the configured project when the data file has no row for it yet.
const DEFAULT_PROJECT_NAME = "Flow's Project"

export class ProjectService {
    /**
     * @param {import('../store.js').Store} store
     * @param {{projectId: string, platformId: string, userId: string}} options
     */
    constructor(store, { projectId, platformId, userId }) {
        this.store = store
        this.defaultProjectId = projectId
        this.platformId = platformId
        this.ownerId = userId
    }

    get projects() {
        return this.store.state.projects
    }

    /**
     * Makes sure the configured project has a row. Called after the data file is loaded; a file
     * written before projects existed has none. The row is written with the next change.
     */
    ensureDefaultProject() {
        const existing = this.projects[this.defaultProjectId]
        if (existing) {
            // The configured project always belongs to the configured platform.
            existing.platformId = this.platformId
            return existing
        }
        const now = nowIso()
        const project = {
            id: this.defaultProjectId,
            created: now,
            updated: now,
            deleted: null,
            ownerId: this.ownerId,
            displayName: DEFAULT_PROJECT_NAME,
            platformId: this.platformId,
            maxConcurrentJobs: null,
            type: ProjectType.TEAM,
            icon: { color: ColorName.BLUE },
            externalId: null,
            releasesEnabled: false,
            metadata: null,
            poolId: null,
        }
        this.projects[project.id] = project
        return project
    }

    /** A live project of this platform, or null. */
    findProject(id) {
        const project = this.projects[id]
        if (!project || project.deleted || project.platformId !== this.platformId) {
            return null
        }
        return project
    }

    /**
     * POST /v1/projects: a TEAM project owned by the platform owner.
     * @param {{displayName: string, externalId?: string|null, metadata?: Record<string, unknown>|null, maxConcurrentJobs?: number|null}} request
     *   a parsed `CreatePlatformProjectRequest`
     */
    create(request) {
        const externalId = request.externalId ?? null
        // The real server keeps (platformId, externalId) unique among live projects with a
        // unique index and reports the clash as PROJECT_EXTERNAL_ID_ALREADY_EXISTS (409).
        if (externalId !== null && this.live().some((p) => p.externalId === externalId)) {
            throw apError(ErrorCode.PROJECT_EXTERNAL_ID_ALREADY_EXISTS, { externalId })
        }
        const now = nowIso()
        const colors = Object.values(ColorName)
        const project = {
            id: apId(),
            created: now,
            updated: now,
            deleted: null,
            ownerId: this.ownerId,
            displayName: request.displayName,
            platformId: this.platformId,
            maxConcurrentJobs: request.maxConcurrentJobs ?? null,
            type: ProjectType.TEAM,
            icon: { color: colors[Math.floor(Math.random() * colors.length)] },
            externalId,
            releasesEnabled: false,
            metadata: request.metadata ?? null,
            poolId: null,
        }
        this.projects[project.id] = project
        this.store.save()
        return this.toResponse(project)
    }

    /**
     * GET /v1/projects: oldest first, like the real listing.
     * @param {{externalId?: string, externalUserId?: string, displayName?: string, types?: string[], cursor?: string, limit?: number}} query
     * @param {string[]|null} onlyIds the projects a non-privileged caller belongs to; null = all of the platform
     */
    list({ externalId, externalUserId, displayName, types, cursor, limit }, onlyIds = null) {
        let list = this.live()
        if (onlyIds) {
            list = list.filter((p) => onlyIds.includes(p.id))
        }
        if (externalId !== undefined) {
            list = list.filter((p) => p.externalId === externalId)
        }
        if (externalUserId !== undefined) {
            // Projects an embedded (external) user is a member of: the stand-in has no such users.
            list = []
        }
        if (displayName) {
            const needle = displayName.toLowerCase()
            list = list.filter((p) => p.displayName.toLowerCase().includes(needle))
        }
        if (types?.length) {
            list = list.filter((p) => types.includes(p.type))
        }
        const page = seekPage(list, { cursor, limit: limit ?? DEFAULT_LIMIT, sortKey: (p) => p.created, order: 'ASC' })
        return { ...page, data: page.data.map((p) => this.toResponse(p)) }
    }

    getOrThrow(id) {
        const project = this.findProject(id)
        if (!project) {
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityType: 'project', entityId: id })
        }
        return this.toResponse(project)
    }

    live() {
        return Object.values(this.projects).filter((p) => !p.deleted && p.platformId === this.platformId)
    }

    /** `ProjectWithLimits`: the row without `deleted`, a synthesized plan and live analytics. */
    toResponse(project) {
        const { deleted: _deleted, ...row } = project
        const flows = Object.values(this.store.state.flows).filter((f) => f.projectId === project.id)
        // Only the configured user is a member, of the configured project.
        const members = project.id === this.defaultProjectId ? 1 : 0
        return {
            ...row,
            plan: {
                id: project.id,
                created: project.created,
                updated: project.updated,
                projectId: project.id,
                locked: false,
                name: 'platform',
                piecesFilterType: PiecesFilterType.NONE,
                pieces: [],
            },
            analytics: {
                totalUsers: members,
                activeUsers: members,
                totalFlows: flows.length,
                activeFlows: flows.filter((f) => f.status === FlowStatus.ENABLED).length,
            },
        }
    }
}
