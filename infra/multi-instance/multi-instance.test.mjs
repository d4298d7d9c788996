// Two PMOS instances on one database (issue 9 §2), driven through their public HTTP and WebSocket APIs.
// Started by run.sh, which prepares the database and the local services and cleans up after us.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';

const OUT = process.env.PMOS_MULTI_OUT;
const JAR = process.env.PMOS_MULTI_JAR;
const BASE = Number(process.env.PMOS_MULTI_PORT_BASE);
// Short leases so that a takeover is quick to see; the defaults are 15 s / 5 s.
const LEASE_MS = 4000;
const RENEW_MS = 1000;
const LONG_TOOL = 'call tool trigger-long-running-operation with {"duration": 60, "steps": 60}';

const instances = {};

function start(name, port, managementPort) {
  const log = join(OUT, `pmos-${name}.log`);
  const fd = openSync(log, 'w');
  const child = spawn('java', ['-jar', JAR], {
    stdio: ['ignore', fd, fd],
    env: {
      ...process.env,
      PMOS_DB_NAME: process.env.PMOS_MULTI_DB_NAME,
      PMOS_HTTP_PORT: String(port),
      PMOS_HTTP_HOST: '127.0.0.1',
      PMOS_MANAGEMENT_PORT: String(managementPort),
      // the local services listen on loopback, which the outbound address policy refuses by default
      PMOS_OUTBOUND_ALLOW_PRIVATE: 'true',
      // one master key for both, as every instance of one installation needs
      PMOS_SECRET_KEY_FILE: join(OUT, 'secret.key'),
      PMOS_CHAT_LEASE_DURATION: `PT${LEASE_MS / 1000}S`,
      PMOS_CHAT_LEASE_RENEW_EVERY: `PT${RENEW_MS / 1000}S`,
      // sessions stay fresh in each instance's cache far longer than the tests wait: only the seam's NOTIFY can make
      // an instance see a revocation or a role change made on the other one in time
      PMOS_AUTH_SESSION_CACHE_TTL: 'PT120S',
    },
  });
  writeFileSync(join(OUT, `pmos-${name}.pid`), String(child.pid));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const instance = { name, child, log, exited, url: `http://127.0.0.1:${port}`, health: `http://127.0.0.1:${managementPort}/q/health/ready` };
  instances[name] = instance;
  return instance;
}

async function stop(instance, signal = 'SIGTERM') {
  if (instance.child.exitCode === null && instance.child.signalCode === null) {
    instance.child.kill(signal);
    const timer = setTimeout(() => instance.child.kill('SIGKILL'), 5000);
    await instance.exited;
    clearTimeout(timer);
  }
  rmSync(join(OUT, `pmos-${instance.name}.pid`), { force: true });
}

after(async () => {
  await Promise.all(Object.values(instances).map((i) => stop(i)));
});
process.on('exit', () => Object.values(instances).forEach((i) => i.child.kill('SIGKILL')));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(1));

/** Polls fn until it answers something truthy, at most ms; fails with what it waited for. */
async function until(what, ms, fn, every = 50) {
  const end = Date.now() + ms;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
}

async function ready(instance) {
  await until(`${instance.name} to be ready (log: ${instance.log})`, 90000, async () => {
    if (instance.child.exitCode !== null) throw new Error(`${instance.name} exited: ${readFileSync(instance.log, 'utf8').slice(-2000)}`);
    const r = await fetch(instance.health).catch(() => null);
    return r && r.ok;
  }, 250);
  // the instance id it logs at start (runs it works on carry it in their trace)
  instance.id = await until(`${instance.name}'s instance id`, 10000, () =>
    (readFileSync(instance.log, 'utf8').match(/PMOS instance (pmos-[0-9a-f]+)/) || [])[1]);
}

async function api(instance, cookie, method, path, body) {
  const headers = { accept: 'application/json' };
  if (cookie) headers.cookie = `pmos_session=${cookie}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(instance.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { json = text; }
  return { status: r.status, body: json, headers: r.headers };
}

async function ok(instance, cookie, method, path, body, status = 200) {
  const r = await api(instance, cookie, method, path, body);
  assert.equal(r.status, status, `${method} ${path} on ${instance.name}: ${JSON.stringify(r.body)}`);
  return r.body;
}

const trace = async (instance, cookie, run) => (await ok(instance, cookie, 'GET', `/api/pmos/chat/runs/${run}/trace`)).events;
const eventOf = (events, type) => events.find((e) => e.type === type);
const count = (events, type) => events.filter((e) => e.type === type).length;

async function awaitEvent(instance, cookie, run, type, ms = 20000) {
  return until(`${type} in run ${run} (read on ${instance.name})`, ms, async () => {
    const events = await trace(instance, cookie, run);
    return eventOf(events, type) ? events : null;
  });
}

async function send(instance, cookie, text) {
  const conversation = (await ok(instance, cookie, 'POST', '/api/pmos/chat/conversations', { title: text.slice(0, 40) }, 201)).conversation.id;
  return (await ok(instance, cookie, 'POST', `/api/pmos/chat/conversations/${conversation}/messages`, { text }, 202)).runId;
}

const state = {};

test('instance A starts, an admin signs up and connects the local Flow Pieces and MCP server', { timeout: 120000 }, async () => {
  const a = start('a', BASE, BASE + 4);
  await ready(a);
  const r = await api(a, null, 'POST', '/api/pmos/auth/signup', { name: 'Multi Admin', email: 'multi@example.com', password: 'correct horse battery' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  state.cookie = r.headers.getSetCookie().map((c) => c.match(/^pmos_session=([^;]+)/)).find(Boolean)[1];
  await ok(a, state.cookie, 'PUT', '/api/pmos/connectors', { flowPieces: { preset: 'local' }, mcp: [{ name: 'demo', preset: 'local' }] });
});

test('starting instance B does not disturb a run working on A', { timeout: 120000 }, async () => {
  const a = instances.a;
  state.long = await send(a, state.cookie, LONG_TOOL);
  await awaitEvent(a, state.cookie, state.long, 'tool.progress');
  const b = start('b', BASE + 10, BASE + 14);
  await ready(b);
  assert.notEqual(a.id, b.id);
  const before = count(await trace(a, state.cookie, state.long), 'tool.progress');
  // B has swept for abandoned runs at start and keeps sweeping; A keeps its lease: give B more than a lease's time
  await new Promise((r) => setTimeout(r, LEASE_MS + 2 * RENEW_MS));
  const run = await ok(b, state.cookie, 'GET', `/api/pmos/chat/runs/${state.long}/trace`);
  assert.equal(run.status, 'running');
  assert.equal(eventOf(run.events, 'run.error'), undefined);
  assert.ok(count(run.events, 'tool.progress') > before, 'A is still working on the run');
  assert.equal(eventOf(run.events, 'run.started').data.instance, a.id);
});

test('a session cookie from A works on B', async () => {
  const me = await ok(instances.b, state.cookie, 'GET', '/api/pmos/auth/me');
  assert.equal(me.user.email, 'multi@example.com');
});

test('a demotion and a sign-out made on B are seen by A, whose cache held the session (issue 11)', { timeout: 30000 }, async () => {
  const { a, b } = instances;
  const invitation = (await ok(a, state.cookie, 'POST', '/api/pmos/workspace/invitations', { email: 'second-admin@example.com', role: 'workspace_admin' })).invitation;
  const token = invitation.url.slice(invitation.url.lastIndexOf('/') + 1);
  const accepted = await api(a, null, 'POST', `/api/pmos/auth/invitations/${token}/accept`, { name: 'Second Admin', password: 'correct horse battery' });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const second = accepted.headers.getSetCookie().map((c) => c.match(/^pmos_session=([^;]+)/)).find(Boolean)[1];
  const secondId = accepted.body.user.id;
  // A reads the session once and keeps it in its cache
  await ok(a, second, 'GET', '/api/pmos/workspace/invitations');
  await ok(b, state.cookie, 'PATCH', `/api/pmos/workspace/members/${secondId}`, { role: 'viewer' });
  await until('the demotion made on B refused on A', 10000, async () =>
    (await api(a, second, 'GET', '/api/pmos/workspace/invitations')).status === 403 || null);
  assert.equal((await ok(a, second, 'GET', '/api/pmos/auth/me')).user.role, 'viewer');
  await ok(b, second, 'POST', '/api/pmos/auth/logout');
  await until('the sign-out made on B refused on A', 10000, async () =>
    (await api(a, second, 'GET', '/api/pmos/auth/me')).status === 401 || null);
});

test('an edit made through A reaches a WebSocket client subscribed on B', { timeout: 30000 }, async () => {
  const { a, b } = instances;
  const flow = (await ok(a, state.cookie, 'POST', '/api/pmos/flows', { displayName: 'Shared flow' }, 201)).flow;
  const ws = new WebSocket(b.url.replace('http', 'ws') + '/api/pmos/ws', { headers: { cookie: `pmos_session=${state.cookie}` } });
  const messages = [];
  ws.on('message', (m) => messages.push(JSON.parse(m.toString())));
  try {
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
    ws.send(JSON.stringify({ type: 'subscribe', topic: `flow:${flow.id}` }));
    await until('subscribed on B', 10000, () => messages.find((m) => m.type === 'subscribed'));
    await ok(a, state.cookie, 'POST', `/api/pmos/flows/${flow.id}/operations`, { type: 'CHANGE_NAME', request: { displayName: 'Renamed on A' } });
    const event = await until('flow.updated on B', 10000, () =>
      messages.find((m) => m.type === 'event' && m.event === 'flow.updated' && m.topic === `flow:${flow.id}`));
    assert.equal(event.data.flow.version.displayName, 'Renamed on A');
  } finally {
    ws.close();
  }
});

test('a cancel sent to B stops the run working on A within a second', { timeout: 30000 }, async () => {
  const { a, b } = instances;
  await ok(b, state.cookie, 'POST', `/api/pmos/chat/runs/${state.long}/cancel`);
  const done = await awaitEvent(a, state.cookie, state.long, 'run.finished', 2000);
  assert.equal(eventOf(done, 'run.finished').data.status, 'cancelled');
  // the call it dropped is closed in the trace
  assert.equal(eventOf(done, 'tool.finished').data.code, 'INTERRUPTED');
  assert.match(eventOf(done, 'tool.finished').data.error, /cancelled/);
  // the MCP tool on A reports progress every second while it works: once A dropped the call, no more comes
  await new Promise((r) => setTimeout(r, 1000));
  const settled = count(await trace(a, state.cookie, state.long), 'tool.progress');
  await new Promise((r) => setTimeout(r, 2500));
  assert.equal(count(await trace(a, state.cookie, state.long), 'tool.progress'), settled, 'A stopped working on the cancelled run');
  // and it was the announcement on the seam that stopped it (not the later lease renewal, which would too)
  assert.match(readFileSync(a.log, 'utf8'), new RegExp(`Run ${state.long}: stopped its call after a cancel announced on the seam`));
});

test('a run started on A waits for approval, the approval is decided on B, and A finishes the run', { timeout: 60000 }, async () => {
  const { a, b } = instances;
  await awaitEvent(a, state.cookie, await send(a, state.cookie, 'create a flow named Doomed'), 'run.finished');
  const run = await send(a, state.cookie, 'delete flow Doomed');
  const waiting = await awaitEvent(a, state.cookie, run, 'approval.requested');
  const approvalId = eventOf(waiting, 'approval.requested').data.approvalId;
  await ok(b, state.cookie, 'POST', `/api/pmos/approvals/${approvalId}/decision`, { decision: 'approve' });
  for (const instance of [a, b]) {
    const events = await awaitEvent(instance, state.cookie, run, 'run.finished');
    const finished = eventOf(events, 'run.finished');
    assert.equal(finished.data.status, 'succeeded', JSON.stringify(events));
    assert.equal(finished.data.instance, a.id, 'the owner (A) resumed and finished the run');
    assert.equal(eventOf(events, 'approval.resolved').data.decision, 'approved');
  }
  const flows = await ok(b, state.cookie, 'GET', '/api/pmos/flows');
  assert.ok(!flows.flows.some((f) => f.displayName === 'Doomed'));
});

test('A is killed with SIGKILL mid-run and B ends that run within the lease time', { timeout: 60000 }, async () => {
  const { a, b } = instances;
  const run = await send(a, state.cookie, LONG_TOOL);
  await awaitEvent(a, state.cookie, run, 'tool.progress');
  a.child.kill('SIGKILL');
  const killed = Date.now();
  await a.exited;
  rmSync(join(OUT, 'pmos-a.pid'), { force: true });
  const events = await awaitEvent(b, state.cookie, run, 'run.finished', 20000);
  const took = Date.now() - killed;
  assert.ok(took <= LEASE_MS + 2 * RENEW_MS + 2000, `B ended the run ${took} ms after A died`);
  assert.equal(eventOf(events, 'run.finished').data.status, 'failed');
  assert.equal(eventOf(events, 'run.finished').data.instance, b.id);
  const error = eventOf(events, 'run.error').data;
  assert.equal(error.code, 'RESTARTED');
  assert.equal(error.previousInstance, a.id);
  const again = await ok(b, state.cookie, 'GET', `/api/pmos/chat/runs/${run}/trace`);
  assert.equal(again.status, 'failed');
  assert.equal(count(again.events, 'run.finished'), 1);
});

test('B is killed with SIGKILL mid an approved MCP call; the next instance ends the run, closes the call as interrupted, and the conversation takes a new message', { timeout: 120000 }, async () => {
  const b = instances.b;
  // the long tool waits for a person's approval in this workspace
  await ok(b, state.cookie, 'PUT', '/api/pmos/workspace/settings', { riskOverrides: { 'demo__trigger-long-running-operation': 'high' } });
  const conversation = (await ok(b, state.cookie, 'POST', '/api/pmos/chat/conversations', { title: 'approved and killed' }, 201)).conversation.id;
  const say = (instance, text) => ok(instance, state.cookie, 'POST', `/api/pmos/chat/conversations/${conversation}/messages`, { text }, 202);
  const run = (await say(b, LONG_TOOL)).runId;
  const waiting = await awaitEvent(b, state.cookie, run, 'approval.requested');
  await ok(b, state.cookie, 'POST', `/api/pmos/approvals/${eventOf(waiting, 'approval.requested').data.approvalId}/decision`, { decision: 'approve' });
  const working = await awaitEvent(b, state.cookie, run, 'tool.progress');
  const callId = eventOf(working, 'tool.started').data.toolCallId;
  assert.ok(eventOf(working, 'approval.resolved').seq < eventOf(working, 'tool.started').seq, 'the call runs after its approval');

  b.child.kill('SIGKILL');
  await b.exited;
  rmSync(join(OUT, 'pmos-b.pid'), { force: true });
  // the only instance is gone; the next one to start (on A's ports) ends the run by itself
  const next = start('a2', BASE, BASE + 4);
  await ready(next);
  const events = await awaitEvent(next, state.cookie, run, 'run.finished', LEASE_MS + 4 * RENEW_MS + 5000);
  assert.equal(eventOf(events, 'run.finished').data.status, 'failed');
  assert.equal(eventOf(events, 'run.error').data.code, 'RESTARTED');
  assert.equal(eventOf(events, 'run.error').data.previousInstance, b.id);
  const closed = events.filter((e) => e.type === 'tool.finished' && e.data.toolCallId === callId);
  assert.equal(closed.length, 1, JSON.stringify(events));
  assert.equal(closed[0].data.status, 'error');
  assert.equal(closed[0].data.code, 'INTERRUPTED');
  assert.match(closed[0].data.error, /^Interrupted: PMOS stopped/);
  assert.equal(count(events, 'tool.started'), count(events, 'tool.finished'), 'every tool.started is closed');
  assert.equal((await ok(next, state.cookie, 'GET', `/api/pmos/chat/runs/${run}/trace`)).status, 'failed');

  const again = (await say(next, 'list tools')).runId;
  const answered = await awaitEvent(next, state.cookie, again, 'run.finished');
  assert.equal(eventOf(answered, 'run.finished').data.status, 'succeeded');
});
