'use strict'
// Loads one installed piece package and prints its metadata as JSON on stdout.
// Runs in its own process (started by build-catalog.mjs) so a piece that crashes,
// hangs or pollutes globals on import cannot take the generator down with it.
//
// usage: node extract-piece.cjs <installDir> <packageName>

const path = require('node:path')
const fs = require('node:fs')
const { extractPieceFromModule } = require('@activepieces/shared')

const [installDir, packageName] = process.argv.slice(2)
if (!installDir || !packageName) {
    process.stderr.write('usage: extract-piece.cjs <installDir> <packageName>\n')
    process.exit(2)
}

const packageDir = path.join(installDir, 'node_modules', ...packageName.split('/'))
const packageJson = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'))
const pieceModule = require(packageDir)

// The same lookup the real server uses: the export whose constructor is `Piece`.
const piece = extractPieceFromModule({ module: pieceModule, pieceName: packageName, pieceVersion: packageJson.version })

// JSON round trip: functions (run, options loaders, validate hooks, ...) disappear,
// exactly as they do when the real server stores piece metadata in its database.
const metadata = JSON.parse(JSON.stringify(piece.metadata()))

process.stdout.write(JSON.stringify({ packageVersion: packageJson.version, metadata }))
