// Identity: the configured user signs in for a token; the fixed API key is a service principal.
// Decisions follow the real server: no Authorization header is an anonymous principal (the route
// then refuses it with 403), a bad token is 401. The API key is a platform key: it may use every
// project of the platform (an unknown one is 404). A project API key (made with the platform key,
// see api-keys.js) is a service principal of its one project: to it every other project is an
// unknown one (404, whether it exists or not, so the key reveals nothing about the platform), and it
// cannot administer the platform (403). The user is a member
// of the configured project only: any other project is 403 for it.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { apError, ErrorCode } from '../http/errors.js'

const TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000

export class AuthService {
    /**
     * @param {import('../config.js').Config} config
     * @param {{findProject: (id: string) => object|null}} projects
     * @param {{find: (value: string) => {id: string, projectId: string}|null}} apiKeys
     */
    constructor(config, projects, apiKeys) {
        this.config = config
        this.projects = projects
        this.apiKeys = apiKeys
        /** @type {Map<string, {expiresAt: number}>} */
        this.tokens = new Map()
    }

    signIn({ email, password }) {
        const emailMatches = email.toLowerCase() === this.config.userEmail.toLowerCase()
        const passwordMatches = safeEqual(password, this.config.userPassword)
        if (!emailMatches || !passwordMatches) {
            throw apError(ErrorCode.INVALID_CREDENTIALS, { email })
        }
        const token = randomBytes(32).toString('base64url')
        this.tokens.set(token, { expiresAt: Date.now() + TOKEN_TTL_MS })
        return {
            id: this.config.userId,
            platformRole: 'ADMIN',
            status: 'ACTIVE',
            externalId: null,
            platformId: this.config.platformId,
            verified: true,
            firstName: 'Flow',
            lastName: 'Admin',
            email: this.config.userEmail,
            trackEvents: false,
            newsLetter: false,
            token,
            projectId: this.config.projectId,
        }
    }

    /**
     * @param {string|undefined} header the Authorization header
     * @returns {import('../http/app.js').Principal}
     */
    authenticate(header) {
        if (!header || !header.startsWith('Bearer ')) {
            return { type: 'UNKNOWN', id: 'anonymous' }
        }
        const token = header.slice('Bearer '.length).trim()
        if (safeEqual(token, this.config.apiKey)) {
            return { type: 'SERVICE', id: 'local-api-key', platform: { id: this.config.platformId } }
        }
        const projectKey = this.apiKeys?.find(token)
        if (projectKey) {
            return { type: 'SERVICE', id: `project-key:${projectKey.id}`, projectId: projectKey.projectId, platform: { id: this.config.platformId } }
        }
        if (token.startsWith('sk-')) {
            throw apError(ErrorCode.AUTHENTICATION, { message: 'invalid api key' })
        }
        const session = this.tokens.get(token)
        if (!session || session.expiresAt < Date.now()) {
            this.tokens.delete(token)
            throw apError(ErrorCode.INVALID_BEARER_TOKEN, { message: 'invalid access token or session expired' })
        }
        return { type: 'USER', id: this.config.userId, projectId: this.config.projectId, platform: { id: this.config.platformId } }
    }

    /** Throws unless the principal may act on the project. */
    authorizeProject(principal, projectId) {
        if (projectId === undefined || projectId === null) {
            throw apError(ErrorCode.AUTHORIZATION, { message: 'Project ID is required' })
        }
        if (principal.type === 'SERVICE' && principal.projectId) {
            // A project API key reaches its own project only; other ids are refused alike, known or not.
            if (projectId === principal.projectId && this.projects.findProject(projectId)) {
                return
            }
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityType: 'project', entityId: projectId, message: 'project not found' })
        }
        if (principal.type === 'SERVICE') {
            // A platform API key reaches every project of its platform.
            if (this.projects.findProject(projectId)) {
                return
            }
            throw apError(ErrorCode.ENTITY_NOT_FOUND, { entityType: 'project', entityId: projectId, message: 'project not found' })
        }
        if (projectId === this.config.projectId) {
            return
        }
        throw apError(ErrorCode.AUTHORIZATION, { message: 'No role found for the user', userId: principal.id, projectId })
    }

    /**
     * Platform administration (creating projects and project keys): the platform API key only. The signed-in user is treated
     * as a member of its one project, not as a platform admin, so it gets the real server's 403 for
     * a user who is not an admin of the platform.
     */
    assertPlatformAdmin(principal) {
        if (principal.type === 'SERVICE' && !principal.projectId) {
            return
        }
        throw apError(ErrorCode.AUTHORIZATION, { message: 'User is not an admin/owner of the platform.' })
    }
}

function safeEqual(a, b) {
    const left = Buffer.from(String(a))
    const right = Buffer.from(String(b))
    return left.length === right.length && timingSafeEqual(left, right)
}
