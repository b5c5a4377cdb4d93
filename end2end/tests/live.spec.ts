import { test, expect, Browser, Page } from '@playwright/test';
import { login, unique, DEMO_PASSWORD } from './helpers';
import { addAccess, createScope, openArea, openScope } from './provider-helpers';

/** Runs the live journey against `providerURL` and `consumerURL` (the same server, or two
 *  server processes on one PostgreSQL). */
export async function liveJourney(browser: Browser, providerURL: string, consumerURL: string) {
  const providerCtx = await browser.newContext({ baseURL: providerURL });
  const consumerCtx = await browser.newContext({ baseURL: consumerURL });
  const provider = await providerCtx.newPage();
  const consumer = await consumerCtx.newPage();

  await login(provider, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openArea(provider, 'Mine API');
  const name = await createScope(provider, 'tilbyder', `${unique('live')}/data.read`, 'Live-test');
  await openScope(provider, name);

  await login(consumer, 'bruker@konsument.test', DEMO_PASSWORD);
  await openArea(consumer, 'Integrasjoner');
  const available = consumer.getByRole('list', { name: 'Tilgjengelige scopes' });
  await expect(available).toContainText('tilbyder:eksempel/data.read');
  await expect(available).not.toContainText(name);
  // Proof that the consumer's page is never reloaded: this mark would vanish.
  await consumer.evaluate(() => ((window as any).__liveMark = 'same page'));

  // Shared: the consumer's open list shows it without a reload.
  await addAccess(provider, '310000027');
  await expect(available).toContainText(name, { timeout: 3000 });

  // Removed: gone again.
  await provider.getByRole('row').filter({ hasText: '310000027' }).getByRole('button', { name: 'Slett tilgang' }).click();
  await provider.getByRole('dialog').getByRole('button', { name: 'Slett tilgang' }).click();
  await expect(available).not.toContainText(name, { timeout: 3000 });

  // Deactivated with the access still on the list: hidden all the same.
  await addAccess(provider, '310000027');
  await expect(available).toContainText(name, { timeout: 3000 });
  await provider.getByRole('button', { name: 'Endre' }).click();
  await provider.getByRole('button', { name: 'Deaktiver' }).click();
  await provider.getByRole('dialog').getByRole('button', { name: 'Deaktiver' }).click();
  await expect(available).not.toContainText(name, { timeout: 3000 });
  await provider.getByRole('button', { name: 'Aktiver' }).click();
  await expect(available).toContainText(name, { timeout: 3000 });

  expect(await consumer.evaluate(() => (window as any).__liveMark)).toBe('same page');
  await providerCtx.close();
  await consumerCtx.close();
}

test('the consumer sees shared, removed and deactivated scopes live, without reloading', async ({ browser, baseURL }) => {
  await liveJourney(browser, baseURL!, baseURL!);
});

test('two server processes on one PostgreSQL stay in step', async ({ browser }) => {
  const a = process.env.E2E_PG_URL_A, b = process.env.E2E_PG_URL_B;
  test.skip(!a || !b, 'needs the two PostgreSQL-backed servers (scripts/test.sh starts them)');
  await liveJourney(browser, a!, b!);
});
