// /api/v1/pieces: catalog summaries, full metadata, dropdown options.
import shared from '@activepieces/shared'
import { apError, ErrorCode } from '../http/errors.js'

const { GetPieceRequestQuery, ListPiecesRequestQuery, PieceOptionRequest } = shared

const NO_ACCOUNT_PLACEHOLDER = 'No third-party account is connected: the local Flow Pieces stand-in does not call the service, so it cannot load these options.'

/**
 * @param {import('../http/app.js').App} app
 * @param {{catalog: import('../services/catalog.js').Catalog, flows: import('../services/flows.js').FlowService}} deps
 */
export function pieceRoutes(app, { catalog, flows }) {
    app.add({
        method: 'GET',
        path: '/api/v1/pieces',
        security: 'public',
        schema: { query: ListPiecesRequestQuery },
        handler: (req) => catalog.list(req.query),
    })

    // `name` arrives URL-encoded (`@activepieces%2Fpiece-slack`); the scoped form is accepted too.
    app.add({
        method: 'GET',
        path: '/api/v1/pieces/:name',
        security: 'public',
        schema: { query: GetPieceRequestQuery },
        handler: (req) => catalog.toPublic(catalog.getOrThrow(req.params.name, req.query.version)),
    })

    app.add({
        method: 'GET',
        path: '/api/v1/pieces/:scope/:name',
        security: 'public',
        schema: { query: GetPieceRequestQuery },
        handler: (req) => catalog.toPublic(catalog.getOrThrow(`${req.params.scope}/${req.params.name}`, req.query.version)),
    })

    app.add({
        method: 'POST',
        path: '/api/v1/pieces/options',
        security: { principals: ['USER'], project: (req) => req.body.projectId },
        schema: { body: PieceOptionRequest },
        handler: (req) => {
            const body = req.body
            flows.getPopulated(body.flowId, req.projectId, body.flowVersionId)
            const piece = catalog.getOrThrow(body.pieceName, body.pieceVersion)
            const step = piece.actions[body.actionOrTriggerName] ?? piece.triggers[body.actionOrTriggerName]
            const prop = step?.props?.[body.propertyName]
            if (!prop) {
                throw apError(ErrorCode.ENTITY_NOT_FOUND, {
                    entityType: 'property',
                    entityId: body.propertyName,
                    message: `${body.pieceName} has no property ${body.propertyName} on ${body.actionOrTriggerName}`,
                })
            }
            switch (prop.type) {
                case 'STATIC_DROPDOWN':
                case 'STATIC_MULTI_SELECT_DROPDOWN':
                    return prop.options
                case 'DROPDOWN':
                case 'MULTI_SELECT_DROPDOWN':
                    // Honest answer instead of invented data: the options live in the third-party account.
                    return { disabled: true, placeholder: NO_ACCOUNT_PLACEHOLDER, options: [] }
                case 'DYNAMIC':
                    // The property map is computed by piece code, which the stand-in does not run.
                    return {}
                default:
                    throw apError(ErrorCode.ENGINE_OPERATION_FAILURE, { message: `${body.propertyName} is a ${prop.type} property and has no options to load` })
            }
        },
    })
}
