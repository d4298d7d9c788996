#!/usr/bin/env node
// rollback-drill.mjs seed|check URL STATE [--decide] — the data half of infra/scripts/rollback-drill.sh, through the
// public API only. `seed` creates users (an admin and an invited member), connectors (local presets + built-in
// commands), flows, a chat run waiting for approval and its trace, and writes what it made to STATE (JSON).
// `check` signs in again and verifies that everything in STATE is still there and unchanged; with --decide it then
// approves the waiting request, waits for the run to finish and records the new expectations in STATE.
import { readFileSync, writeFileSync } from 'node:fs';

const [command, base, stateFile, ...flags] = process.argv.slice(2);
if (!['seed', 'check'].includes(command) || !base || !stateFile) {
  console.error('usage: rollback-drill.mjs seed|check URL STATE [--decide]');
  process.exit(2);
}
const DEADLINE_MS = 30_000;
const PASSWORD = 'drill-horse-battery-staple';
const KEEP = 'Drill kept flow';
const DOOMED = 'Drill doomed flow';

class Session {
  constructor(label) {
    this.label = label;
    this.cookie = '';
  }

  async call(method, path, body, expected = [200, 201, 202]) {
    const response = await fetch(base + path, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const setCookie = response.headers.getSetCookie?.() ?? [];
    for (const line of setCookie) {
      const pair = line.split(';')[0];
      if (pair.endsWith('=')) continue; // a cleared cookie
      this.cookie = pair;
    }
    const text = await response.text();
    if (!expected.includes(response.status)) {
      throw new Error(`${this.label}: ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
    }
    return text ? JSON.parse(text) : {};
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Nothing lost: every expected item is still there, unchanged (the smoke suite may add its own).
function kept(actual, expected, key, what) {
  for (const item of expected) {
    const found = actual.find((a) => a[key] === item[key]);
    check(found, `${what}: ${JSON.stringify(item)} is gone`);
    same(found, item, what);
  }
}

function same(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what} changed:\n  expected ${e}\n  found    ${a}`);
}

async function until(what, probe) {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${DEADLINE_MS / 1000}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function signIn(label, email) {
  const session = new Session(label);
  await session.call('POST', '/api/pmos/auth/login', { email, password: PASSWORD });
  return session;
}

// What must survive: compared field by field (secrets only as their mask; the values never leave the server).
async function snapshot(admin, member, state) {
  const me = await admin.call('GET', '/api/pmos/auth/me');
  const memberMe = await member.call('GET', '/api/pmos/auth/me');
  const members = (await admin.call('GET', '/api/pmos/workspace/members')).members
    
    .map((m) => ({ id: m.userId, email: m.email, role: m.role }))
    .sort((x, y) => x.email.localeCompare(y.email));
  const connectors = await admin.call('GET', '/api/pmos/connectors');
  const connectorView = {
    flowPieces: connectors.flowPieces && {
      url: connectors.flowPieces.url, authMode: connectors.flowPieces.authMode,
      projectId: connectors.flowPieces.projectId, secret: connectors.flowPieces.secret,
    },
    mcp: (connectors.mcp ?? []).map((m) => ({ name: m.name, url: m.url, authMode: m.authMode, secret: m.secret })),
    ai: connectors.ai && { provider: connectors.ai.provider },
  };
  const flows = (await admin.call('GET', '/api/pmos/flows?limit=100')).flows
    .map((f) => ({ id: f.id, displayName: f.displayName }))
    .sort((x, y) => x.displayName.localeCompare(y.displayName));
  const conversation = await admin.call('GET', `/api/pmos/chat/conversations/${state.conversationId}`);
  const messages = conversation.messages.map((m) => ({ id: m.id, runId: m.runId, role: m.role, content: m.content }));
  const trace = await admin.call('GET', `/api/pmos/chat/runs/${state.runId}/trace`);
  const approval = (await admin.call('GET', `/api/pmos/approvals/${state.approvalId}`)).approval;
  const audit = (await admin.call('GET', '/api/pmos/audit?limit=200')).events.map((e) => e.id);
  return {
    users: { admin: { id: me.user.id, role: me.user.role }, member: { id: memberMe.user.id, role: memberMe.user.role } },
    members,
    connectors: connectorView,
    flows,
    messages,
    run: { status: trace.status, events: trace.events.map((e) => ({ seq: e.seq, type: e.type, data: e.data })) },
    approval: { id: approval.id, runId: approval.runId, tool: approval.tool, arguments: approval.arguments, status: approval.status },
    audit,
  };
}

async function seed() {
  const admin = new Session('admin');
  await admin.call('POST', '/api/pmos/auth/signup', { name: 'Drill Admin', email: 'drill-admin@example.test', password: PASSWORD });
  const invite = await admin.call('POST', '/api/pmos/workspace/invitations', { email: 'drill-member@example.test', role: 'member' });
  const token = invite.invitation.url.split('/').pop();
  const member = new Session('member');
  await member.call('POST', `/api/pmos/auth/invitations/${encodeURIComponent(token)}/accept`, { name: 'Drill Member', password: PASSWORD });

  await admin.call('PUT', '/api/pmos/connectors', {
    flowPieces: { preset: 'local' }, mcp: [{ name: 'bcgpt', preset: 'local' }], ai: { provider: 'builtin' },
  });
  const tested = await admin.call('POST', '/api/pmos/connectors/test', {});
  const passing = tested.results.filter((r) => r.ok).map((r) => r.connector).sort();
  check(passing.includes('flowPieces'), `the local Flow Pieces connector does not pass its test: ${JSON.stringify(tested.results)}`);

  for (const name of [KEEP, DOOMED]) await admin.call('POST', '/api/pmos/flows', { displayName: name });
  const conversation = await admin.call('POST', '/api/pmos/chat/conversations', { title: 'Drill' });
  const conversationId = conversation.conversation.id;
  const { runId } = await admin.call('POST', `/api/pmos/chat/conversations/${conversationId}/messages`, { text: `delete flow ${DOOMED}` });
  const approvalId = await until('the delete to wait for approval', async () => {
    const pending = (await admin.call('GET', '/api/pmos/approvals?status=pending')).approvals;
    return pending.find((a) => a.runId === runId)?.id;
  });
  await until('the run to show it waits', async () => (await admin.call('GET', `/api/pmos/chat/runs/${runId}/trace`)).status === 'waiting_approval');

  const state = { conversationId, runId, approvalId, passing, decided: false };
  state.expected = await snapshot(admin, member, state);
  check(state.expected.flows.length === 2, 'two flows were made');
  check(state.expected.approval.status === 'pending', 'the approval is pending');
  writeFileSync(stateFile, JSON.stringify(state, null, 2));
  console.log(`[drill] seeded: 2 users, connectors ${passing.join(', ')}, 2 flows, run ${runId} waiting for approval ${approvalId}, ${state.expected.run.events.length} trace events, ${state.expected.audit.length} audit events`);
}

async function verify() {
  const state = JSON.parse(readFileSync(stateFile, 'utf8'));
  const admin = await signIn('admin', 'drill-admin@example.test');
  const member = await signIn('member', 'drill-member@example.test');
  const now = await snapshot(admin, member, state);
  const was = state.expected;
  same(now.users, was.users, 'the users');
  kept(now.members, was.members, 'email', 'the workspace members');
  same(now.connectors, was.connectors, 'the connectors');
  kept(now.flows, was.flows, 'id', 'the flows');
  kept(now.messages, was.messages, 'id', 'the chat messages');
  same(now.run, was.run, 'the run and its trace');
  same(now.approval, was.approval, 'the approval');
  const lostAudit = was.audit.filter((id) => !now.audit.includes(id));
  check(lostAudit.length === 0, `audit events lost: ${lostAudit.join(', ')}`);
  // The stored keys still open (the connector test uses them) and the connectors still pass.
  const tested = await admin.call('POST', '/api/pmos/connectors/test', {});
  const passing = tested.results.filter((r) => r.ok).map((r) => r.connector).sort();
  same(passing, state.passing, 'the connectors that pass their test');
  const memberFlows = (await member.call('GET', '/api/pmos/flows?limit=100')).flows;
  kept(memberFlows.map((f) => ({ id: f.id, displayName: f.displayName })), was.flows, 'id', 'the flows the member sees');
  console.log(`[drill] intact: users, members, connectors (${passing.join(', ')} pass), ${now.flows.length} flows, messages, run ${now.run.status} with ${now.run.events.length} trace events, approval ${now.approval.status}, audit`);

  if (flags.includes('--decide')) {
    check(now.approval.status === 'pending', 'the approval is still pending before the decision');
    const decided = await admin.call('POST', `/api/pmos/approvals/${state.approvalId}/decision`, { decision: 'approve', reason: 'rollback drill' });
    check(decided.approval.status === 'approved', `the decision was taken: ${JSON.stringify(decided.approval)}`);
    const finished = await until('the approved run to finish', async () => {
      const trace = await admin.call('GET', `/api/pmos/chat/runs/${state.runId}/trace`);
      return ['succeeded', 'failed', 'cancelled'].includes(trace.status) ? trace : null;
    });
    check(finished.status === 'succeeded', `the approved run ended ${finished.status}: ${JSON.stringify(finished.events.slice(-2))}`);
    await until('the approved delete to reach the flows list', async () => {
      const flows = (await admin.call('GET', '/api/pmos/flows?limit=100')).flows;
      return !flows.some((f) => f.displayName === DOOMED);
    });
    state.decided = true;
    state.expected = await snapshot(admin, member, state);
    check(state.expected.approval.status === 'approved', 'the approval reads as approved');
    check(state.expected.run.events.some((e) => e.type === 'approval.resolved'), 'the trace records the decision');
    writeFileSync(stateFile, JSON.stringify(state, null, 2));
    console.log(`[drill] decided: approval approved, run succeeded, "${DOOMED}" deleted; ${state.expected.run.events.length} trace events`);
  }
}

try {
  await (command === 'seed' ? seed() : verify());
} catch (error) {
  console.error(`[drill] FAILED: ${error.message}`);
  process.exit(1);
}
