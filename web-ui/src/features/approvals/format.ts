// Approval requests in plain words: the risk reason as a sentence, and the expiry as a countdown.

/** The server's risk reason ("deleting a flow is a high-risk action") as a sentence. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** "expires in 29 min", "expires in 40 s", or "expired" once the time is past. */
export function expiryText(expiresAt: string | undefined, nowMs: number): string {
  const at = expiresAt === undefined ? Number.NaN : Date.parse(expiresAt);
  if (Number.isNaN(at)) return '';
  const seconds = Math.ceil((at - nowMs) / 1000);
  if (seconds <= 0) return 'expired';
  if (seconds < 60) return `expires in ${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 120) return `expires in ${minutes} min`;
  return `expires in ${Math.round(minutes / 60)} h`;
}

/** The tool name under which shell commands wait for approval. */
export const SHELL_TOOL = 'shell.exec';

/** Shell commands: another super admin decides, never the requester (four eyes always), and only the two see the output. */
export const SHELL_RULE =
  'Shell commands are decided by another super admin, never by the person who asked (four eyes, always). The output is shown to the requester and the approver only.';

/** Why the signed-in admin sees no Approve / Deny on a pending request. */
export function whyNoDecision(tool: string, ownRequest: boolean): string {
  if (tool === SHELL_TOOL) return ownRequest ? 'Waiting for another super admin to decide on your command.' : SHELL_RULE;
  return ownRequest
    ? 'Four-eyes approval is on: another admin has to decide on your own request.'
    : 'You cannot decide this request.';
}
