// Generates catalog/pieces.json from real @activepieces/piece-* packages on npm.
//
// Each piece is installed into its own folder of a throw-away temp dir (their
// dependency trees disagree with each other and with this package), loaded in a
// child process by extract-piece.cjs, and reduced to the JSON metadata the real
// server keeps. The server reads only the generated file, never a piece package.
//
// usage: npm run catalog            (pieces and versions from catalog/pieces.config.json)
//        FLOW_PIECES_CATALOG_KEEP_TMP=1 npm run catalog   (keep the temp dir for inspection)

import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CONFIG_FILE = path.join(ROOT, 'catalog', 'pieces.config.json')
const OUTPUT_FILE = path.join(ROOT, 'catalog', 'pieces.json')
const EXTRACTOR = path.join(ROOT, 'scripts', 'extract-piece.cjs')
const INSTALL_TIMEOUT_MS = 5 * 60 * 1000
const EXTRACT_TIMEOUT_MS = 60 * 1000
const DYNAMIC_PROP_TYPES = new Set(['DROPDOWN', 'MULTI_SELECT_DROPDOWN', 'DYNAMIC'])
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

const config = JSON.parse(fs.readFileSync(CONFIG_FILE, 'utf8'))
const sharedVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@activepieces', 'shared', 'package.json'), 'utf8')).version
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'flow-pieces-catalog-'))

const pieces = []
const skipped = []
try {
    for (const { package: packageName, version } of config.pieces) {
        const spec = version ? `${packageName}@${version}` : packageName
        process.stdout.write(`catalog: ${spec} ... `)
        const result = buildEntry(packageName, spec)
        if (result.ok) {
            pieces.push(result.entry)
            process.stdout.write(`ok (${result.entry.version}, ${Object.keys(result.entry.actions).length} actions, ${Object.keys(result.entry.triggers).length} triggers)\n`)
        }
        else {
            skipped.push({ package: packageName, requestedVersion: version ?? null, stage: result.stage, reason: result.reason })
            process.stdout.write(`skipped at ${result.stage}: ${result.reason}\n`)
        }
    }
}
finally {
    if (process.env.FLOW_PIECES_CATALOG_KEEP_TMP === '1') {
        process.stdout.write(`catalog: temp dir kept at ${tmpRoot}\n`)
    }
    else {
        fs.rmSync(tmpRoot, { recursive: true, force: true })
    }
}

const catalog = {
    generatedBy: 'scripts/build-catalog.mjs (npm run catalog)',
    sharedVersion,
    pieces,
    skipped,
}
fs.writeFileSync(OUTPUT_FILE, JSON.stringify(catalog, null, 2) + '\n')
process.stdout.write(`catalog: wrote ${pieces.length} pieces, ${skipped.length} skipped, to ${path.relative(ROOT, OUTPUT_FILE)}\n`)

function buildEntry(packageName, spec) {
    const dir = path.join(tmpRoot, packageName.replace(/[^a-zA-Z0-9._-]/g, '_'))
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'catalog-install', private: true }))
    const install = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', spec], {
        cwd: dir, encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS,
    })
    if (install.status !== 0) {
        return { ok: false, stage: 'install', reason: lastLine(install.stderr) || `npm exited with ${install.status ?? install.signal}` }
    }
    const extract = spawnSync(process.execPath, [EXTRACTOR, dir, packageName], {
        cwd: ROOT, encoding: 'utf8', timeout: EXTRACT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024,
    })
    if (extract.status !== 0) {
        return { ok: false, stage: 'import', reason: lastLine(extract.stderr) || `extractor exited with ${extract.status ?? extract.signal}` }
    }
    const { packageVersion, metadata } = JSON.parse(extract.stdout)
    return { ok: true, entry: toCatalogEntry(packageName, packageVersion, metadata, frameworkOf(dir)) }
}

// Shapes one piece the way the real server's piece metadata model looks.
// Catalog-only facts live under `_catalog` and in the `dynamic` marks; the server strips both.
function toCatalogEntry(name, version, metadata, framework) {
    const legacyFramework = framework.package === '@activepieces/framework'
    const notes = []
    if (legacyFramework) {
        notes.push(`Built on the legacy ${framework.package}@${framework.version}: no piece-level auth; each action and trigger carries its own OAUTH2 "authentication" prop. This is the only version of this package the npm registry offers here.`)
    }
    return {
        id: stableId(name),
        name,
        version,
        displayName: metadata.displayName,
        description: metadata.description ?? '',
        logoUrl: metadata.logoUrl,
        categories: metadata.categories ?? [],
        authors: metadata.authors ?? [],
        minimumSupportedRelease: metadata.minimumSupportedRelease ?? null,
        maximumSupportedRelease: metadata.maximumSupportedRelease ?? null,
        auth: metadata.auth ?? null,
        pieceType: 'OFFICIAL',
        packageType: 'REGISTRY',
        actions: markDynamicProps(metadata.actions ?? {}),
        triggers: markDynamicProps(metadata.triggers ?? {}),
        _catalog: {
            framework: framework.package ? `${framework.package}@${framework.version}` : 'bundled into the package',
            authSummary: summarizeAuth(metadata.auth, metadata.actions ?? {}),
            notes,
        },
    }
}

function markDynamicProps(steps) {
    const out = {}
    for (const [stepName, step] of Object.entries(steps)) {
        const props = {}
        for (const [propName, prop] of Object.entries(step.props ?? {})) {
            props[propName] = DYNAMIC_PROP_TYPES.has(prop.type) ? { ...prop, dynamic: true } : prop
        }
        out[stepName] = { ...step, props }
    }
    return out
}

function summarizeAuth(auth, actions) {
    const list = auth == null ? [] : (Array.isArray(auth) ? auth : [auth])
    if (list.length > 0) {
        return list.map((a) => ({ type: a.type, displayName: a.displayName ?? null, required: a.required ?? true }))
    }
    // Legacy pieces declare auth as a prop on every action instead of on the piece.
    const legacy = new Map()
    for (const action of Object.values(actions)) {
        for (const prop of Object.values(action.props ?? {})) {
            if (['OAUTH2', 'SECRET_TEXT', 'BASIC_AUTH', 'CUSTOM_AUTH'].includes(prop.type)) {
                legacy.set(prop.type, { type: prop.type, displayName: prop.displayName ?? null, required: prop.required ?? true, perAction: true })
            }
        }
    }
    return [...legacy.values()]
}

function frameworkOf(dir) {
    for (const pkg of ['@activepieces/pieces-framework', '@activepieces/framework']) {
        const file = path.join(dir, 'node_modules', ...pkg.split('/'), 'package.json')
        if (fs.existsSync(file)) {
            return { package: pkg, version: JSON.parse(fs.readFileSync(file, 'utf8')).version }
        }
    }
    return { package: null, version: null }
}

function stableId(text) {
    const digest = createHash('sha256').update(text).digest()
    let id = ''
    for (let i = 0; i < 21; i++) {
        id += BASE62[digest[i] % 62]
    }
    return id
}

function lastLine(text) {
    return (text ?? '').trim().split('\n').filter(Boolean).slice(-1)[0]?.slice(0, 300) ?? ''
}
