import { test, expect, Request } from '@playwright/test';
import { createIntegration, login, rsaKey, DEMO_PASSWORD } from './helpers';
import { openArea } from './provider-helpers';

// The site is split (app::pages::lazy): the front page and the frame come with the main
// WASM, every other page is its own chunk, and the key and certificate parsers are one more
// that arrives only when someone is about to paste.

const chunk = (name: string) => (r: Request) => new RegExp(`/pkg/split_${name}\\.[^/]*\\.wasm$`).test(r.url());

test('a deep link to an integration hydrates, and the key parser arrives only when a key is pasted', async ({ page, browser, baseURL }) => {
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const name = `Dyplenke ${Date.now()}`;
  await createIntegration(page, 'Maskinporten', name);
  const address = new URL(page.url()).pathname;

  // The integration's address, typed into a new window: the page's chunk, not the parser's.
  const context = await browser.newContext({ baseURL, storageState: await page.context().storageState() });
  const deep = await context.newPage();
  const requests: Request[] = [];
  deep.on('request', (r) => requests.push(r));
  const response = await deep.goto(address);
  expect(response!.headers()['cache-control']).toBe('no-store');
  await expect(deep.locator('main[data-hydrated]')).toBeAttached();
  await expect(deep.getByRole('heading', { level: 1, name })).toBeVisible();
  expect(requests.some(chunk('consumer'))).toBe(true);
  expect(requests.some(chunk('key_parser'))).toBe(false);

  // The built files carry content hashes and may be kept for a year.
  const wasm = requests.find((r) => /\/pkg\/selvbetjening\.[^/]+\.wasm$/.test(r.url()))!;
  const wasmHeaders = (await wasm.response())!.headers();
  expect(wasmHeaders['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(['gzip', 'br']).toContain(wasmHeaders['content-encoding']);

  // Opening "Egne public nøkler" puts focus in the key field, which fetches the parser;
  // the pasted PEM is shown as a JWK.
  const parser = deep.waitForRequest(chunk('key_parser'));
  await deep.getByRole('button', { name: 'Egne public nøkler' }).click();
  const input = deep.getByLabel('Nøkkel (JWK, JWK-liste, JWKS eller PEM)');
  await expect(input).toBeFocused();
  await parser;
  const key = rsaKey();
  await input.fill(key.publicPem);
  await expect(deep.getByLabel('JWK som lagres')).toContainText(`"n": "${key.n}"`);
  await deep.getByRole('button', { name: 'legg til' }).click();
  await expect(deep.getByRole('status')).toContainText('Nøkkelen er lagt til');
  await expect(deep.getByRole('table')).toContainText(key.n);
  await context.close();
});

test('a page whose code cannot be fetched says so, and "Prøv igjen" recovers', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('main[data-hydrated]')).toBeAttached();
  // The network drops the registration page's chunk once.
  const blocked = /\/pkg\/split_account\.[^/]*\.wasm$/;
  await page.route(blocked, (route) => route.abort('internetdisconnected'));
  await page.getByRole('link', { name: 'registrer deg' }).click();
  await expect(page.getByRole('alert')).toContainText('Siden kunne ikke lastes');
  await page.unroute(blocked);
  await page.getByRole('button', { name: 'Prøv igjen' }).click();
  await expect(page.getByLabel('Navn')).toBeVisible();
  await expect(page.locator('main[data-hydrated]')).toBeAttached();
  // The app still works after the failure: client-side navigation to another page.
  await page.getByRole('link', { name: 'Min profil' }).click();
  await expect(page.getByLabel('E-post')).toBeVisible();
});
