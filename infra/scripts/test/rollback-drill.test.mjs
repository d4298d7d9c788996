// The rollback drill's data check must fail when something was lost or changed, not only pass when all is well.
// rollback-drill.mjs `check` runs here against a small server that answers the API routes it reads with data we
// control. Run with `node --test infra/scripts/test/` (part of `make test-infra`).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'rollback-drill.mjs')

function world() {
  return {
    me: { admin: { id: 'u1', role: 'super_admin' }, member: { id: 'u2', role: 'member' } },
    members: [
      { userId: 'u1', email: 'drill-admin@example.test', role: 'super_admin' },
      { userId: 'u2', email: 'drill-member@example.test', role: 'member' },
    ],
    connectors: {
      flowPieces: { url: 'http://127.0.0.1:1', authMode: 'api_key', projectId: 'p1', secret: { set: true, mask: '••••abcd' } },
      mcp: [{ name: 'bcgpt', url: 'http://127.0.0.1:2/mcp', authMode: 'none', secret: { set: false } }],
      ai: { provider: 'builtin' },
    },
    passing: ['ai', 'flowPieces', 'mcp:bcgpt'],
    flows: [{ id: 'f1', displayName: 'Drill doomed flow' }, { id: 'f2', displayName: 'Drill kept flow' }],
    messages: [{ id: 'm1', runId: 'r1', role: 'user', content: 'delete flow Drill doomed flow' }],
    trace: { status: 'waiting_approval', events: [{ seq: 1, type: 'run.started', data: {} }, { seq: 2, type: 'approval.requested', data: { approvalId: 'a1' } }] },
    approval: { id: 'a1', runId: 'r1', tool: 'flow_delete', arguments: { flow: 'Drill doomed flow' }, status: 'pending' },
    audit: [3, 2, 1],
  }
}

// The state `seed` would have written for world().
function stateOf(w) {
  return {
    conversationId: 'c1', runId: 'r1', approvalId: 'a1', passing: w.passing, decided: false,
    expected: {
      users: w.me,
      members: w.members.map((m) => ({ id: m.userId, email: m.email, role: m.role })),
      connectors: w.connectors,
      flows: w.flows,
      messages: w.messages,
      run: w.trace,
      approval: w.approval,
      audit: w.audit,
    },
  }
}

function serve(w) {
  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => { body += chunk })
    req.on('end', () => {
      const who = (req.headers.cookie ?? '').includes('member') ? 'member' : 'admin'
      const url = req.url.split('?')[0]
      const answer = (json, headers = {}) => {
        res.writeHead(200, { 'content-type': 'application/json', ...headers })
        res.end(JSON.stringify({ ok: true, ...json }))
      }
      if (url === '/api/pmos/auth/login') {
        return answer({}, { 'set-cookie': `pmos_session=${JSON.parse(body).email.split('@')[0]}; Path=/; HttpOnly` })
      }
      const routes = {
        '/api/pmos/auth/me': () => ({ user: w.me[who] }),
        '/api/pmos/workspace/members': () => ({ members: w.members }),
        '/api/pmos/connectors': () => w.connectors,
        '/api/pmos/connectors/test': () => ({ results: ['ai', 'flowPieces', 'mcp:bcgpt'].map((c) => ({ connector: c, ok: w.passing.includes(c) })) }),
        '/api/pmos/flows': () => ({ flows: w.flows }),
        '/api/pmos/chat/conversations/c1': () => ({ messages: w.messages }),
        '/api/pmos/chat/runs/r1/trace': () => w.trace,
        '/api/pmos/approvals/a1': () => ({ approval: w.approval }),
        '/api/pmos/audit': () => ({ events: w.audit.map((id) => ({ id })) }),
      }
      if (!routes[url]) {
        res.writeHead(404)
        return res.end('{}')
      }
      answer(routes[url]())
    })
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

async function check(w, state) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drill-test-'))
  const server = await serve(w)
  try {
    writeFileSync(path.join(dir, 'state.json'), JSON.stringify(state))
    const child = spawn(process.execPath, [SCRIPT, 'check', `http://127.0.0.1:${server.address().port}`, path.join(dir, 'state.json')])
    let output = ''
    child.stdout.on('data', (d) => { output += d })
    child.stderr.on('data', (d) => { output += d })
    const code = await new Promise((resolve) => child.on('close', resolve))
    return { code, output }
  } finally {
    server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

test('check passes when everything is still there (extra flows and audit entries are fine)', async () => {
  const w = world()
  const state = stateOf(structuredClone(w))
  w.flows.push({ id: 'f3', displayName: 'Made by the smoke suite' })
  w.audit.unshift(4)
  const { code, output } = await check(w, state)
  assert.equal(code, 0, output)
  assert.match(output, /\[drill\] intact/)
})

const losses = {
  'a lost flow': [(w) => { w.flows.pop() }, /the flows: .*Drill kept flow.* is gone/],
  'a renamed flow': [(w) => { w.flows[1] = { id: 'f2', displayName: 'Renamed' } }, /the flows changed/],
  'a lost member': [(w) => { w.members.pop() }, /the workspace members: .* is gone/],
  'a changed role': [(w) => { w.me.member = { id: 'u2', role: 'viewer' } }, /the users changed/],
  'a stored key that no longer opens': [(w) => { w.passing = ['ai', 'mcp:bcgpt'] }, /the connectors that pass their test changed/],
  'a lost connector key': [(w) => { w.connectors.flowPieces.secret = { set: false } }, /the connectors changed/],
  'a lost trace event': [(w) => { w.trace.events.pop() }, /the run and its trace changed/],
  'an approval no longer pending': [(w) => { w.approval.status = 'expired' }, /the approval changed/],
  'a lost message': [(w) => { w.messages.pop() }, /the chat messages: .* is gone/],
  'a lost audit entry': [(w) => { w.audit.pop() }, /audit events lost: 1/],
}

for (const [name, [damage, message]] of Object.entries(losses)) {
  test(`check fails on ${name}`, async () => {
    const w = world()
    const state = stateOf(structuredClone(w))
    damage(w)
    const { code, output } = await check(w, state)
    assert.equal(code, 1, output)
    assert.match(output, message)
  })
}
