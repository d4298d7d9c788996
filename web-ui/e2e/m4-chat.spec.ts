// Milestone 4 end to end, with built-in commands (no AI model): an admin asks the side chat of Flow Studio to build
// "Daily digest" and sees the tool steps in the trace and the flow on its canvas (and a step the chat adds to the open
// flow appear on that canvas live); asks the chat to delete "Daily digest", sees the
// request wait for approval (and counted in the navigation), approves it in the inbox of a second tab and watches the
// chat's trace finish live; then calls the local MCP server's echo tool; an invited viewer reads the chat's rule and
// asking for the MCP server's get-env tool is refused in the trace. Needs a backend that offers the local Flow
// Pieces and MCP server (`local.flowPieces`, `local.mcp`); its admin signs up with a unique email.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, keepLocal, signInInvitedViewer, test } from './support';

const run = `${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const PASSWORD = 'correct-horse-battery';
const admin = { name: 'Chloe Chat', email: `chat-${run}@pmos.test` };
const CREATE = 'create a flow named Daily digest with a schedule trigger and a slack message';
const DELETE = 'delete flow Daily digest';
const ECHO = 'call tool echo with {"message": "hi from chat"}';
const GET_ENV = 'call tool get-env';
const viewer = { name: 'Vera Viewer', email: `chat-viewer-${run}@pmos.test` };
/** A chat run with built-in commands takes well under a second; Flow Pieces and MCP calls add a little. */
const RUN_TIMEOUT = 20_000;
const VIEWPORT = { width: 1440, height: 900 };

test.describe.configure({ mode: 'serial', timeout: 120_000 });

let baseURL = '';
let context: BrowserContext;
let page: Page;
let scratchId = '';

test.beforeAll(async ({ browser }, testInfo) => {
  baseURL = testInfo.project.use.baseURL ?? 'http://localhost:8080';
  context = await browser.newContext({ baseURL, viewport: VIEWPORT });
  await keepLocal(context, baseURL);
  page = await context.newPage();
});

test.afterAll(async () => {
  await context.close();
});

/** The turn of the conversation that answers `text`. */
function turnFor(scope: Locator, text: string): Locator {
  return scope.getByTestId('chat-turn').filter({ has: scope.page().getByTestId('chat-user-message').filter({ hasText: text }) });
}

function stepOf(turn: Locator, tool: string): Locator {
  return turn.locator(`[data-testid="trace-step"][data-tool="${tool}"]`);
}

async function send(scope: Locator, text: string) {
  const box = scope.getByTestId('chat-input');
  await expect(box).toBeEnabled();
  await box.fill(text);
  await box.press('Enter');
  await expect(turnFor(scope, text)).toBeVisible();
}

test('an admin connects the local Flow Pieces, the local MCP server and built-in commands', async () => {
  const signup = await page.request.post('/api/pmos/auth/signup', { data: { ...admin, password: PASSWORD } });
  expect(signup.ok(), await signup.text()).toBe(true);
  const connect = await page.request.put('/api/pmos/connectors', {
    data: { flowPieces: { preset: 'local' }, mcp: [{ name: 'bcgpt', preset: 'local' }], ai: { provider: 'builtin' } },
  });
  expect(connect.ok(), await connect.text()).toBe(true);

  const scratch = await page.request.post('/api/pmos/flows', { data: { displayName: 'Scratch' } });
  expect(scratch.ok(), await scratch.text()).toBe(true);
  scratchId = ((await scratch.json()) as { flow: { id: string } }).flow.id;
});

test('the side chat in Flow Studio builds "Daily digest" and the trace shows each tool step', async () => {
  await page.goto(`/flows/${encodeURIComponent(scratchId)}`);
  await expect(page.getByTestId('flow-name')).toHaveText('Scratch');
  await page.getByTestId('side-chat-toggle').click();
  const chat = page.getByTestId('side-chat');
  await expect(chat.getByTestId('chat-intro')).toContainText("PMOS understands commands like 'create a flow named Daily digest");

  await send(chat, CREATE);
  const turn = turnFor(chat, CREATE);
  await expect(turn.getByTestId('chat-run-status')).toHaveText('Finished', { timeout: RUN_TIMEOUT });
  for (const tool of ['flow_create', 'step_add']) {
    await expect(stepOf(turn, tool)).toHaveAttribute('data-status', 'ok');
    await expect(stepOf(turn, tool).getByTestId('trace-step-status')).toHaveText('Done');
  }
  await expect(stepOf(turn, 'flow_create').getByTestId('trace-step-summary')).toContainText('Daily digest');
  await expect(turn.getByTestId('assistant-text')).toContainText('Daily digest');
  // The chat worked on another flow: the open canvas is unchanged.
  await expect(page.getByTestId('flow-name')).toHaveText('Scratch');
});

test('a step the side chat adds to the open flow appears on its canvas live', async () => {
  const chat = page.getByTestId('side-chat');
  const text = 'add a slack step to flow "Scratch"';
  await expect(page.getByTestId('step-step_1')).toHaveCount(0);
  await send(chat, text);
  await expect(stepOf(turnFor(chat, text), 'step_add')).toHaveAttribute('data-status', 'ok', { timeout: RUN_TIMEOUT });
  await expect(page.getByTestId('step-step_1')).toContainText('Slack');
});

test('the new flow opens from the automations page with its Schedule trigger and Slack step', async () => {
  await page.goto('/flows');
  await page.getByRole('link', { name: 'Daily digest', exact: true }).click();
  await expect(page.getByTestId('flow-name')).toHaveText('Daily digest');
  await expect(page.getByTestId('step-trigger')).toContainText('Schedule');
  await expect(page.getByTestId('step-step_1')).toContainText('Slack');
});

test('deleting waits for approval; approving it in the inbox finishes the chat run live', async () => {
  await page.goto('/chat');
  await expect(page.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
  const chat = page.getByTestId('chat-conversation');
  // The side chat's conversation is the same one, so its earlier turn is here too.
  await expect(turnFor(chat, CREATE)).toBeVisible();

  await send(chat, DELETE);
  const turn = turnFor(chat, DELETE);
  const deletion = stepOf(turn, 'flow_delete');
  await expect(deletion.getByTestId('trace-step-status')).toHaveText('Waiting for approval', { timeout: RUN_TIMEOUT });
  await expect(deletion.getByTestId('trace-approval')).toContainText('high-risk');
  await expect(turn.getByTestId('chat-run-status')).toHaveText('Waiting for approval');
  await expect(chat.getByTestId('chat-input')).toBeDisabled();
  await expect(page.getByTestId('approvals-count')).toHaveText('1');

  const inbox = await context.newPage();
  try {
    await inbox.goto('/approvals');
    const row = inbox.getByTestId('approval-row').filter({ hasText: 'flow_delete' });
    await expect(row.getByTestId('approval-arguments')).toContainText('Daily digest');
    await expect(row).toContainText(admin.email);
    await expect(row.getByTestId('approval-expiry')).toContainText('expires in');
    await row.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(inbox.getByTestId('approvals-empty')).toBeVisible();

    await inbox.getByRole('tab', { name: 'Decided' }).click();
    const decided = inbox.getByTestId('approval-decided-row').filter({ hasText: 'flow_delete' });
    await expect(decided.getByTestId('approval-decision')).toHaveText('Approved');
    await expect(decided.getByTestId('approval-decider')).toContainText(admin.email);
  } finally {
    await inbox.close();
  }

  await expect(deletion).toHaveAttribute('data-status', 'ok', { timeout: RUN_TIMEOUT });
  await expect(deletion.getByTestId('trace-approval-outcome')).toContainText('Approved by');
  await expect(turn.getByTestId('chat-run-status')).toHaveText('Finished');
  await expect(page.getByTestId('approvals-count')).toHaveCount(0);
  await expect(chat.getByTestId('chat-input')).toBeEnabled();

  await page.goto('/flows');
  await expect(page.getByRole('link', { name: 'Scratch', exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Daily digest', exact: true })).toHaveCount(0);
});

test('an MCP tool is called by name and its result is in the trace, also after a reload', async () => {
  await page.goto('/chat');
  const chat = page.getByTestId('chat-conversation');
  await send(chat, ECHO);
  const turn = turnFor(chat, ECHO);
  const echo = stepOf(turn, 'bcgpt__echo');
  await expect(echo).toHaveAttribute('data-status', 'ok', { timeout: RUN_TIMEOUT });
  await expect(echo.getByTestId('trace-step-summary')).toContainText('hi from chat');
  await expect(turn.getByTestId('chat-run-status')).toHaveText('Finished');

  await page.reload();
  const again = stepOf(turnFor(page.getByTestId('chat-conversation'), ECHO), 'bcgpt__echo');
  await expect(again).toHaveAttribute('data-status', 'ok');
  await expect(again.getByTestId('trace-step-summary')).toContainText('hi from chat');
});

test('a viewer sees the chat rule and asking for get-env is refused in the trace, with nothing printed', async ({ browser }) => {
  const { viewerPage, close } = await signInInvitedViewer(
    page,
    browser,
    baseURL,
    { ...viewer, password: PASSWORD },
    VIEWPORT,
  );
  try {
    await viewerPage.goto('/chat');
    await expect(viewerPage.getByTestId('chat-viewer-rule')).toContainText('tools that only read');
    await expect(viewerPage.getByTestId('nav-approvals')).toHaveCount(0);
    await viewerPage.getByRole('button', { name: 'Start a conversation' }).click();
    const chat = viewerPage.getByTestId('chat-conversation');
    await send(chat, GET_ENV);
    const turn = turnFor(chat, GET_ENV);
    const step = turn.locator('[data-testid="trace-step"][data-tool="bcgpt__get-env"]');
    await expect(step).toHaveAttribute('data-status', 'error', { timeout: RUN_TIMEOUT });
    await expect(step).toContainText('viewer');
    await expect(turn.getByTestId('chat-run-status')).toHaveText('Finished');
    await expect(turn).not.toContainText('PATH');
  } finally {
    await close();
  }
});
