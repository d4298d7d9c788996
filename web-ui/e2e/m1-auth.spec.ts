// Milestone 1 end to end: bootstrap, self-signup, invitation and deep links against a FRESH, EMPTY database.
import type { Page } from '@playwright/test';
import { expect, test } from './support';

const run = Date.now();
const PASSWORD = 'correct-horse-battery';
const superAdmin = { name: 'Sam Super', email: `super-${run}@pmos.test` };
const workspaceAdmin = { name: 'Wendy Admin', email: `admin-${run}@pmos.test` };
const member = { name: 'Milo Member', email: `member-${run}@pmos.test` };

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

async function signUp(page: Page, person: { name: string; email: string }) {
  await page.goto('/signup');
  const form = page.getByRole('form', { name: 'Create account' });
  await form.getByLabel('Name').fill(person.name);
  await form.getByLabel('Email').fill(person.email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByTestId('user-email')).toHaveText(person.email);
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('heading', { name: 'Sign in to PMOS' })).toBeVisible();
}

test('M1: bootstrap, self-signup, invitation and deep link', async ({ page }) => {
  let inviteLink = '';

  await test.step('the first account becomes the super admin', async () => {
    await page.goto('/signup');
    await expect(page.getByTestId('bootstrap-note')).toContainText(
      'The first account becomes the super admin',
    );
    await signUp(page, superAdmin);
    await expect(page.getByTestId('role-pill')).toHaveText('Super admin');
    await expect(mainNav(page).getByRole('link', { name: 'Admin' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Members' })).toBeVisible();
    await signOut(page);
  });

  await test.step('a later self-signup becomes the admin of a new workspace and invites a member', async () => {
    await signUp(page, workspaceAdmin);
    await expect(page.getByTestId('role-pill')).toHaveText('Workspace admin');
    await expect(mainNav(page).getByRole('link', { name: 'Members' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Admin' })).toHaveCount(0);

    await mainNav(page).getByRole('link', { name: 'Members' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    await expect(page.getByTestId('members-table')).toContainText(workspaceAdmin.email);

    const invite = page.getByRole('form', { name: 'Invite someone' });
    await invite.getByLabel('Email').fill(member.email);
    await invite.getByLabel('Role', { exact: true }).selectOption('member');
    await invite.getByRole('button', { name: 'Create invitation' }).click();

    const link = page.getByTestId('invite-link');
    await expect(link).toHaveValue(/\/invite\/[^/]+$/);
    inviteLink = await link.inputValue();
    expect(new URL(inviteLink).origin).toBe(new URL(page.url()).origin);
    await expect(page.getByTestId('invitations-table')).toContainText(member.email);
    await signOut(page);
  });

  await test.step('the invitee accepts and lands in the shell as a member', async () => {
    await page.goto(inviteLink);
    await expect(page.getByTestId('invitation-summary')).toContainText(member.email);
    await expect(page.getByTestId('invitation-summary')).toContainText('Member');

    const form = page.getByRole('form', { name: 'Accept invitation' });
    await form.getByLabel('Name').fill(member.name);
    await form.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await form.getByLabel('Confirm password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Accept invitation' }).click();

    await expect(page.getByTestId('role-pill')).toHaveText('Member');
    await expect(page.getByTestId('user-email')).toHaveText(member.email);
    await expect(mainNav(page).getByRole('link', { name: 'Dashboard' })).toBeVisible();
    await expect(mainNav(page).getByRole('link', { name: 'Members' })).toHaveCount(0);
    await expect(mainNav(page).getByRole('link', { name: 'Admin' })).toHaveCount(0);
  });

  await test.step('a deep link survives sign-in and opens Flow Studio', async () => {
    await signOut(page);
    await page.goto('/flows/123');
    await expect(page).toHaveURL(/\/signin$/);

    const form = page.getByRole('form', { name: 'Sign in' });
    await form.getByLabel('Email').fill(member.email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();

    await expect(page).toHaveURL(/\/flows\/123$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Flow Studio' })).toBeVisible();
    await expect(page.getByTestId('flow-placeholder')).toContainText('Flow 123');
    await expect(page.getByTestId('role-pill')).toHaveText('Member');
  });
});
