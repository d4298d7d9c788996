// Calls to the flows, runs, pieces and workspace-settings endpoints (docs/api.md, "Flows, runs and pieces (M3)").
import { http } from '../../lib/http';
import type { WorkspaceFlowSettings } from '../auth/permissions';
import type {
  FlowOperation,
  FlowRun,
  FlowSummary,
  PieceMetadata,
  PieceSummary,
  PopulatedFlow,
  PropOption,
  RunSummary,
} from './model';

const id = (value: string) => encodeURIComponent(value);

/** A flow as GET and every operation answer it: `seq` is the flow topic's last event number. */
export interface FlowAtSeq {
  flow: PopulatedFlow;
  seq: number | undefined;
}

export interface DropdownOptions {
  disabled?: boolean;
  placeholder?: string;
  options: PropOption[];
}

export interface OptionsRequest {
  pieceName: string;
  pieceVersion: string;
  actionOrTriggerName: string;
  propertyName: string;
  input: Record<string, unknown>;
  flowId: string;
}

/** A fresh idempotency key for one create (random; `getRandomValues` works on plain-http addresses too). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Most pages of flows read for the automations list (100 flows each). */
const MAX_PAGES = 20;

async function listAllFlows(): Promise<FlowSummary[]> {
  const flows: FlowSummary[] = [];
  let cursor: string | null | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = cursor ? `?limit=100&cursor=${id(cursor)}` : '?limit=100';
    const answer = await http.get<{ ok: true; flows: FlowSummary[]; next?: string | null }>(
      `/api/pmos/flows${query}`,
    );
    flows.push(...answer.flows);
    cursor = answer.next;
    if (!cursor) break;
  }
  return flows;
}

export const flowsApi = {
  list: listAllFlows,

  /** Creates a flow at most once per `idempotencyKey`: send the same key again to retry the same create. */
  create: (displayName: string, idempotencyKey: string = newIdempotencyKey()) =>
    http
      .post<{ ok: true; flow: PopulatedFlow; seq?: number }>(
        '/api/pmos/flows',
        { displayName },
        { 'Idempotency-Key': idempotencyKey },
      )
      .then((a): FlowAtSeq => ({ flow: a.flow, seq: a.seq })),

  get: (flowId: string) =>
    http
      .get<{ ok: true; flow: PopulatedFlow; seq?: number }>(`/api/pmos/flows/${id(flowId)}`)
      .then((a): FlowAtSeq => ({ flow: a.flow, seq: a.seq })),

  remove: (flowId: string) => http.del<{ ok: true }>(`/api/pmos/flows/${id(flowId)}`),

  /** Sends one Flow Pieces operation; answers the flow after it. */
  operate: (flowId: string, operation: FlowOperation) =>
    http
      .post<{ ok: true; flow: PopulatedFlow; seq?: number }>(
        `/api/pmos/flows/${id(flowId)}/operations`,
        operation,
      )
      .then((a): FlowAtSeq => ({ flow: a.flow, seq: a.seq })),

  startTestRun: (flowId: string, payload: Record<string, unknown>) =>
    http
      .post<{ ok: true; runId: string }>(`/api/pmos/flows/${id(flowId)}/runs`, { payload })
      .then((a) => a.runId),

  runs: (flowId: string) =>
    http
      .get<{ ok: true; runs: RunSummary[]; next?: string | null }>(
        `/api/pmos/flows/${id(flowId)}/runs?limit=20`,
      )
      .then((a) => a.runs),

  run: (runId: string) =>
    http.get<{ ok: true; run: FlowRun }>(`/api/pmos/runs/${id(runId)}`).then((a) => a.run),

  pieces: () =>
    http.get<{ ok: true; pieces: PieceSummary[] }>('/api/pmos/pieces').then((a) => a.pieces),

  piece: (name: string) =>
    http.get<{ ok: true; piece: PieceMetadata }>(`/api/pmos/pieces/${id(name)}`).then((a) => a.piece),

  options: (body: OptionsRequest) =>
    http
      .post<{ ok: true; options: DropdownOptions }>('/api/pmos/pieces/options', body)
      .then((a) => a.options),

  workspaceSettings: () =>
    http
      .get<{ ok: true; settings: WorkspaceFlowSettings }>('/api/pmos/workspace/settings')
      .then((a) => a.settings),
};
