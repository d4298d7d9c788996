// report.mjs RESULT.json OUT.md [--check] — turns one `make bench` result into docs/performance.md; with --check (the
// smoke mode of `make test-bench`) it first verifies that every scenario is there with sane, non-zero numbers, and
// exits 1 naming what is missing. No timing is asserted: speed is for the table, not for the test.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

const [file, outFile, flag] = process.argv.slice(2);
const r = JSON.parse(readFileSync(file, 'utf8'));

const TARGETS = {
  fanoutP99Ratio: 2, fanoutP99At1000x50Ms: 25, operationShareMs: 1, chatP95Ms: 10, authMeShare: 0.5, idleHeapKiB: 6,
};

function check() {
  const problems = [];
  const need = (ok, what) => { if (!ok) problems.push(what); };
  const positive = (v) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  need(!r.failure, `the run failed: ${r.failure}`);
  need(positive(r.machine?.cores), 'machine.cores');
  need(positive(r.startupMs?.pmos) && positive(r.startupMs?.baseline), 'start-up times of PMOS and the baseline');
  for (const s of ['rest', 'roundTrip', 'chat', 'fanout', 'idle']) need(r[s] && !r[s].error, `scenario ${s}${r[s]?.error ? `: ${r[s].error}` : ' is missing'}`);
  for (const [name, target] of [['auth/me', 'pmos'], ['auth/me', 'baseline'], ['flows', 'pmos'], ['flows', 'flow-pieces'],
    ['write', 'pmos'], ['write', 'baseline'], ['write', 'flow-pieces']]) {
    const row = (Array.isArray(r.rest) ? r.rest : []).find((x) => x.name === name && x.target === target);
    need(row && positive(row.rps) && row.failed === 0 && positive(row.latencyMs.p50), `REST ${name} on ${target}: requests answered, none failed`);
  }
  for (const t of ['pmos', 'baseline', 'flowPieces']) need(positive(r.roundTrip?.[t]?.answerMs?.count), `round trip through ${t}: answers`);
  for (const t of ['pmos', 'baseline']) need(r.roundTrip?.[t]?.eventMs?.count === r.roundTrip?.[t]?.operations, `round trip through ${t}: every event reached the second subscriber`);
  need(positive(r.chat?.eventMs?.count) && r.chat.eventMs.count === r.chat.operations, 'chat: every command reached the subscriber as flow.updated');
  for (const mode of ['pmos-operations', 'pmos-rows', 'baseline']) {
    const p = (Array.isArray(r.fanout) ? r.fanout : []).find((x) => x.mode === mode);
    need(p && positive(p.sent) && positive(p.delivered) && positive(p.latencyMs.count) && positive(p.cpuCores?.client),
      `fan-out ${mode}: events sent and delivered, latencies and CPU recorded`);
  }
  for (const target of ['pmos', 'baseline']) {
    const i = (Array.isArray(r.idle) ? r.idle : []).find((x) => x.target === target);
    need(i && i.opened === i.sockets && positive(i.heapAfterKiB) && positive(i.rssAfterKiB), `idle sockets on ${target}: all opened, heap and RSS read${i?.failures?.length ? ` (refused: ${i.failures.join('; ')})` : ''}`);
  }
  return problems;
}

const f = (v, d = 1) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Number(v).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 }));
const ms = (l) => (l ? `${f(l.p50, 2)} / ${f(l.p95, 2)} / ${f(l.p99, 2)} / ${f(l.max, 1)}` : '—');
const ratio = (a, b) => (a && b ? `${f(a / b, 2)}×` : '—');
const cores = (c, ...names) => names.map((n) => f(c?.[n], 2)).join(' / ');
const verdict = (ok) => (ok ? '**met**' : '**missed**');

function targets() {
  const rows = [];
  const fan = (Array.isArray(r.fanout) ? r.fanout : []).filter((p) => !p.skipped);
  const base = (p) => fan.find((x) => x.mode === 'baseline' && x.subscribers === p.subscribers && x.rate === p.rate);
  const pm = fan.filter((x) => x.mode !== 'baseline');
  const bad = pm.filter((p) => p.deliveredPct < 100 || p.snapshots > 0 || p.gaps > 0);
  const skipped = (r.fanout || []).filter((p) => p.skipped && p.mode !== 'baseline').length;
  rows.push([`Fan-out: every event delivered at every point (no gaps, no snapshots)${skipped ? `; ${skipped} points not run for time` : ''}`, `${pm.length - bad.length} of ${pm.length} points`,
    verdict(pm.length > 0 && bad.length === 0),
    bad.length ? `short at ${bad.map((p) => `${p.subscribers}×${p.rate}/s ${p.mode} (${f(p.deliveredPct)} %, ${p.snapshots} snapshots)`).join('; ')}. Snapshots mean slow subscribers were shed (their queue filled); pmos-operations points count only the copies PMOS published (an answer older than one already published is superseded, issue 10) when the run has the \`published\` count, else every operation.` : '']);
  const slow = pm.filter((p) => !(base(p) && p.latencyMs.p99 <= TARGETS.fanoutP99Ratio * base(p).latencyMs.p99));
  rows.push([`Fan-out: p99 ≤ ${TARGETS.fanoutP99Ratio}× the baseline's at every point`, `${pm.length - slow.length} of ${pm.length} points`,
    verdict(pm.length > 0 && slow.length === 0),
    slow.length ? `worst: ${slow.map((p) => [p, p.latencyMs.p99 / (base(p)?.latencyMs.p99 || NaN)]).sort((a, b) => b[1] - a[1]).slice(0, 3)
      .map(([p, x]) => `${p.subscribers}×${p.rate}/s ${p.mode} ${f(x, 1)}×`).join(', ')}. See the CPU columns of the fan-out table: pmos-operations includes the REST operation path and Flow Pieces.` : '']);
  for (const p of pm.filter((x) => x.subscribers === 1000 && x.rate === 50)) {
    rows.push([`Fan-out 1,000 × 50/s (${p.mode}, ${p.seconds} s): p99 ≤ ${TARGETS.fanoutP99At1000x50Ms} ms, no collapse`,
      `p99 ${f(p.latencyMs.p99)} ms, ${f(p.deliveredPct)} % delivered`, verdict(p.latencyMs.p99 <= TARGETS.fanoutP99At1000x50Ms && p.deliveredPct >= 100),
      p.latencyMs.p99 > TARGETS.fanoutP99At1000x50Ms ? `${f(p.latencyMs.p99 / TARGETS.fanoutP99At1000x50Ms, 1)}× the target` : '']);
  }
  const rt = r.roundTrip;
  if (rt?.pmos) {
    const share = rt.pmos.answerMs.p50 - rt.flowPieces.answerMs.p50;
    rows.push([`Flow operation: PMOS's own share ≤ ${TARGETS.operationShareMs} ms (p50 answer − Flow Pieces alone)`, `${f(share, 2)} ms`,
      verdict(share <= TARGETS.operationShareMs), share > TARGETS.operationShareMs ? `${f(share - TARGETS.operationShareMs, 2)} ms over. The wrapped path: session check, the flow's version check under its row lock, the event row and its NOTIFY.` : '']);
  }
  if (r.chat?.eventMs) {
    const p95 = r.chat.eventMs.p95;
    rows.push([`Chat command → flow.updated at a subscriber: p95 ≤ ${TARGETS.chatP95Ms} ms`, `${f(p95, 2)} ms`, verdict(p95 <= TARGETS.chatP95Ms),
      p95 > TARGETS.chatP95Ms ? `${f(p95 / TARGETS.chatP95Ms, 1)}× the target: a chat run (stored messages, trace events, the tool call) wraps the flow operation.` : '']);
  }
  for (const conns of [...new Set((r.rest || []).map((x) => x.connections))]) {
    const p = r.rest.find((x) => x.name === 'auth/me' && x.target === 'pmos' && x.connections === conns);
    const b = r.rest.find((x) => x.name === 'auth/me' && x.target === 'baseline' && x.connections === conns);
    if (!p || !b) continue;
    const share = p.rps / b.rps;
    rows.push([`\`/auth/me\` at ${conns} connections ≥ ${TARGETS.authMeShare * 100} % of the bare Vert.x JSON route`, `${f(share * 100)} %`,
      verdict(share >= TARGETS.authMeShare), share < TARGETS.authMeShare ? `${f(TARGETS.authMeShare / share, 1)}× short. The session check and the answer (see the CPU columns: PMOS and PostgreSQL share the machine's cores).` : '']);
  }
  const idle = (r.idle || []).find((x) => x.target === 'pmos');
  if (idle) {
    rows.push([`${f(idle.sockets, 0)} idle sockets: ≤ ${TARGETS.idleHeapKiB} KiB heap each`, `${f(idle.heapPerSocketKiB)} KiB`, verdict(idle.heapPerSocketKiB <= TARGETS.idleHeapKiB),
      idle.heapPerSocketKiB > TARGETS.idleHeapKiB ? `${f(idle.heapPerSocketKiB - TARGETS.idleHeapKiB)} KiB over. What an open socket keeps: docs/api.md, the live socket section (WebSockets Next keeps the upgrade's headers, routing context and identity for the connection's life).` : '']);
  }
  return rows;
}

/** Points where the bare server itself did not keep up: there the machine (or the client), not PMOS, sets the limit. */
function baselineBound(fan) {
  const points = fan.filter((p) => p.mode === 'baseline' && !p.skipped && (p.notSent > 0 || p.deliveredPct < 100 || p.latencyMs.p99 > 100));
  if (!points.length) return '';
  return `\nThe baseline itself fell behind at ${points.map((p) => `${f(p.subscribers, 0)} × ${p.rate}/s`).join(', ')} (sends left out
because 64 were unanswered, or p99 over 100 ms): there this machine and client set the limit, so the ratio understates
what PMOS has to reach, and PMOS's delivered share is the figure to read.
`;
}

const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((x) => `| ${x.join(' | ')} |`)].join('\n');

function markdown() {
  const m = r.machine || {};
  const rest = Array.isArray(r.rest) ? r.rest : [];
  const fan = Array.isArray(r.fanout) ? r.fanout : [];
  const restRef = { 'auth/me': 'baseline', flows: 'flow-pieces', write: 'baseline' };
  const paths = Object.fromEntries(rest.map((x) => [`${x.target} ${x.name}`, `${x.method} ${x.path.replace(/[0-9a-zA-Z]{21}(?=$|\/)/, '{id}').replace(/\?.*/, '')}`]));
  const restRows = rest.filter((x) => x.target === 'pmos').map((p) => {
    const b = rest.find((x) => x.name === p.name && x.target === restRef[p.name] && x.connections === p.connections);
    const fp = rest.find((x) => x.name === p.name && x.target === 'flow-pieces' && x.connections === p.connections);
    return [`\`${paths[`pmos ${p.name}`]}\``, p.connections, f(p.rps, 0), `${f(p.latencyMs.p50, 2)} / ${f(p.latencyMs.p99, 2)}`,
      `${b?.target ?? '—'} \`${paths[`${b?.target} ${p.name}`] ?? ''}\``, f(b?.rps, 0), b ? `${f(b.latencyMs.p50, 2)} / ${f(b.latencyMs.p99, 2)}` : '—',
      b ? `${f(p.rps / b.rps * 100)} %` : '—', p.name === 'write' && fp ? f(fp.rps, 0) : '—',
      `${cores(p.cpuCores, 'pmos', 'client')} · ${cores(b?.cpuCores, b?.target === 'baseline' ? 'baseline' : 'flowPieces', 'client')}`,
      p.failed + (b?.failed ?? 0)];
  });
  const fanRows = fan.map((p) => {
    if (p.skipped) return [`${f(p.subscribers, 0)} × ${p.rate}/s`, p.mode, p.seconds, `— ${p.skipped}`, '', '', '', '', '', '', ''];
    const b = fan.find((x) => x.mode === 'baseline' && !x.skipped && x.subscribers === p.subscribers && x.rate === p.rate);
    return [`${f(p.subscribers, 0)} × ${p.rate}/s`, p.mode, p.seconds, `${f(p.sent, 0)}${p.notSent ? ` (${f(p.notSent, 0)} not sent: 64 unanswered)` : ''}`,
      `${f(p.deliveredPct, 2)} %`, f(p.deliveriesPerSec, 0), ms(p.latencyMs), p.gaps, p.snapshots,
      p.mode === 'baseline' ? '' : ratio(p.latencyMs.p99, b?.latencyMs.p99), cores(p.cpuCores, p.mode === 'baseline' ? 'baseline' : 'pmos', 'client')];
  });
  const rt = r.roundTrip || {};
  const rtRow = (name, x) => [name, x ? f(x.operations, 0) : '—', x ? ms(x.answerMs) : '—', x?.eventMs ? ms(x.eventMs) : '—', x?.failed ?? '—'];
  const idleRows = (r.idle || []).map((i) => [i.target, f(i.opened, 0), f(i.openSeconds, 2), `${f(i.heapBeforeKiB / 1024)} → ${f(i.heapAfterKiB / 1024)} MiB`,
    `**${f(i.heapPerSocketKiB, 2)} KiB**`, `${f(i.rssBeforeKiB / 1024)} → ${f(i.rssAfterKiB / 1024)} MiB`, `${f(i.rssPerSocketKiB, 2)} KiB`]);
  const errors = ['rest', 'roundTrip', 'chat', 'fanout', 'idle'].filter((s) => r[s]?.error).map((s) => `- ${s} failed: ${r[s].error}`);
  return `# Performance

Generated by \`make bench\` (bench/run.sh, bench/report.mjs) from \`bench/results/${basename(file)}\`, run ${r.startedAt} to
${r.finishedAt ?? '(unfinished)'}. Do not edit by hand: run \`make bench\` again (issue 11 §4).
${process.env.BENCH_NOTE ? `\n> **Caveat of this run:** ${process.env.BENCH_NOTE}\n` : ''}${r.failure ? `\n> **The run failed:** ${r.failure}\n` : ''}${errors.length ? `\nScenarios that failed:\n${errors.join('\n')}\n` : ''}
## How it is measured

- **Servers**, all on loopback, started by \`bench/run.sh\` on ports of their own (base 18580) with a fresh database
  \`pmos_bench\`: PMOS from the built jar; the local Flow Pieces stand-in (and MCP server) through
  \`infra/scripts/local-services.sh\`; and the **baseline**, a bare Vert.x ${m.vertx} server
  (\`bench/src/main/java/io/pmos/bench/Baseline.java\`, the Vert.x of Quarkus ${m.quarkus}, as many event loops as
  Quarkus) doing the same jobs with nothing around them: a cookie checked against an in-memory map before a small JSON
  answer (\`/auth/me\`), PMOS's WebSocket subscribe/event protocol with each event encoded once for all subscribers, and
  a flow operation forwarded to the same Flow Pieces and published as an event. Both JVMs get the same options.
- **Load client**: ${m.client} (\`bench/src/main/java/io/pmos/bench/Bench.java\`). A JVM rather than Node workers
  because one process with a few event loops holds 10,000 sockets and reads hundreds of thousands of frames a second
  (frames are read with \`indexOf\`, not parsed) without the per-worker start-up and message passing of Node workers,
  and it uses the same Netty stack as the servers. Its own CPU is in every table (**client** cores): when it nears the
  machine's cores, the figure is client-bound, not the server's limit.
- **CPU** columns: cores used during the measured interval (CPU seconds per wall second) by the server, then the client.
- **Fan-out**: ${fan.length ? `${[...new Set(fan.map((p) => p.subscribers))].join(' and ')} subscribers of one flow topic` : '—'}; events sent at a fixed
  rate (open loop, at most 64 unanswered, beyond that a send is skipped and counted) for the point's seconds (the
  1,000 × 50/s point runs longest for the hub alone and the baseline, to show a collapse), then up to 5 s for what is
  still on its way (or until none came for 1.5 s). Latency: from the
  send to the event's arrival at each subscriber. Modes: **pmos-operations** — \`POST /api/pmos/flows/{id}/operations\`
  (\`CHANGE_NAME\`) through Flow Pieces; **pmos-rows** — the event row and NOTIFY written straight into PostgreSQL, as
  another PMOS instance does (\`EventLog.publish\`), with a real \`flow.updated\` payload; **baseline** — the same payload
  posted to the baseline, which numbers it and sends it to its subscribers. Gaps: an event whose number is not the
  previous one + 1; snapshots: sent instead of events.
- **REST**: closed loop, each connection sends its next request when the answer came, after a second of warm-up.
  The reference of \`/flows\` is the Flow Pieces stand-in alone (\`GET /api/v1/flows\`); the write is a flow operation
  (\`CHANGE_NAME\`), against the baseline's forwarding route and, in the last column, Flow Pieces alone.
- **Idle sockets**: authenticated WebSockets, opened and left idle (no subscription); heap in use after a full GC
  (\`jcmd PID GC.run\`, then \`GC.heap_info\`) and RSS (\`/proc/PID/status\`), before and after.

## Machine

${table(['fact', 'value'], [['cores', m.cores], ['CPU', m.cpu], ['memory', `${m.memoryGiB} GiB`], ['load average at start', m.loadAverageAtStart],
    ['OS', m.os], ['JDK', m.jdk], ['Quarkus', m.quarkus], ['Vert.x', m.vertx], ['PostgreSQL', m.postgres ?? '—'], ['Node (Flow Pieces stand-in)', m.node]])}

## Targets (issue 11: PMOS against the bare Vert.x server in the same run)

${table(['target', 'PMOS', 'verdict', 'by how much, and why'], targets())}

## Start-up to ready

${table(['server', 'ms from launch to ready'], [['PMOS (until `/q/health/ready` answers 200)', f(r.startupMs?.pmos, 0)], ['baseline (until it answers)', f(r.startupMs?.baseline, 0)]])}

## REST

${table(['PMOS route', 'connections', 'PMOS req/s', 'PMOS p50 / p99 ms', 'reference', 'ref req/s', 'ref p50 / p99 ms', 'PMOS / ref', 'Flow Pieces alone req/s', 'CPU PMOS / client · ref / client', 'failed'], restRows)}

## Fan-out

Latency in ms: p50 / p95 / p99 / max. "p99 vs baseline": PMOS's p99 divided by the baseline's at the same point.

${table(['subscribers × events/s', 'mode', 's', 'sent', 'delivered', 'deliveries/s', 'latency ms', 'gaps', 'snapshots', 'p99 vs baseline', 'CPU server / client'], fanRows)}
${baselineBound(fan)}
## Flow operation round trip

One operation at a time; "answer" is the HTTP answer, "event" the \`flow.updated\` at a second, subscribed client.
PMOS's own share is its answer's p50 minus that of Flow Pieces alone: **${rt.pmos && rt.flowPieces ? f(rt.pmos.answerMs.p50 - rt.flowPieces.answerMs.p50, 2) : '—'} ms**
(baseline: ${rt.baseline && rt.flowPieces ? f(rt.baseline.answerMs.p50 - rt.flowPieces.answerMs.p50, 2) : '—'} ms).

${table(['through', 'operations', 'answer ms p50 / p95 / p99 / max', 'event ms p50 / p95 / p99 / max', 'failed'],
    [rtRow('PMOS', rt.pmos), rtRow('baseline', rt.baseline), rtRow('Flow Pieces alone', rt.flowPieces)])}

## Chat command → canvas

\`${r.chat?.command ?? ''}\` sent as a chat message (built-in model, a new conversation each time), until the
\`flow.updated\` reaches a client subscribed to the flow: ${r.chat?.eventMs ? `${ms(r.chat.eventMs)} ms (p50 / p95 / p99 / max) over ${r.chat.operations} commands, ${r.chat.failed} failed` : '—'}.

## Idle WebSockets

${table(['server', 'sockets', 'opened in s', 'heap after GC', 'heap per socket', 'RSS', 'RSS per socket'], idleRows)}
`;
}

if (flag === '--check') {
  const problems = check();
  if (problems.length) {
    console.error(`[bench] the smoke run is incomplete:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    writeFileSync(outFile, markdown());
    process.exit(1);
  }
}
writeFileSync(outFile, markdown());
console.error(`[bench] ${flag === '--check' ? 'every scenario is there; ' : ''}wrote ${outFile}`);
