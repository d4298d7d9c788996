// The one store: every entity lives in memory and is written to one JSON file on each change.
import fs from 'node:fs'
import path from 'node:path'

const FILE_FORMAT = 1

/**
 * @typedef {object} State
 * @property {number} format
 * @property {Record<string, any>} flows        Flow rows by id
 * @property {Record<string, any>} flowVersions FlowVersion rows by id
 * @property {Record<string, any>} runs         FlowRun rows by id (steps included)
 * @property {Record<string, any>} connections  app connections by id, without secret values
 * @property {Record<string, any>} projects     Project rows by id (added later: files without it load with none)
 * @property {Record<string, any>} apiKeys      project API keys by id, a SHA-256 of the key only (added later too)
 */

export class Store {
    /**
     * @param {string} file
     * @param {{maxRuns: number}} options
     */
    constructor(file, { maxRuns }) {
        this.file = file
        this.maxRuns = maxRuns
        /** @type {State} */
        this.state = emptyState()
    }

    load() {
        if (!fs.existsSync(this.file)) {
            this.state = emptyState()
            return
        }
        const parsed = JSON.parse(fs.readFileSync(this.file, 'utf8'))
        if (parsed.format !== FILE_FORMAT) {
            throw new Error(`${this.file}: unsupported data file format ${parsed.format} (expected ${FILE_FORMAT})`)
        }
        this.state = { ...emptyState(), ...parsed }
    }

    /** Writes the whole state: temp file in the same folder, then rename, so readers never see half a file. */
    save() {
        this.pruneRuns()
        fs.mkdirSync(path.dirname(this.file), { recursive: true })
        const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`
        fs.writeFileSync(tmp, JSON.stringify(this.state))
        fs.renameSync(tmp, this.file)
    }

    pruneRuns() {
        const runs = Object.values(this.state.runs)
        if (runs.length <= this.maxRuns) {
            return
        }
        runs.sort((a, b) => (a.created < b.created ? -1 : a.created > b.created ? 1 : 0))
        for (const run of runs.slice(0, runs.length - this.maxRuns)) {
            delete this.state.runs[run.id]
        }
    }
}

function emptyState() {
    return { format: FILE_FORMAT, projects: {}, apiKeys: {}, flows: {}, flowVersions: {}, runs: {}, connections: {} }
}
