import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createIntegration, login, logout, DEMO_PASSWORD } from './helpers';
import { openArea, openScope } from './provider-helpers';

// Every automated WCAG 2.1 A and AA rule axe-core knows, on the main pages, with their forms
// open and in their error state, and with the dialogs open.
async function scan(page: Page, what: string) {
  await expect(page.locator('main[data-hydrated]')).toBeAttached();
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`);
  expect(found, `axe on ${what}:\n${found.join('\n')}`).toEqual([]);
}

test('the consumer pages, forms and dialogs pass axe-core', async ({ page }) => {
  await page.goto('/min-profil');
  await scan(page, 'the login page');
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await scan(page, 'the front page');
  await page.goto('/tjenester');
  await scan(page, 'Virksomhetens tjenester');
  await page.goto('/tjenester/administrasjon');
  await scan(page, 'Administrasjon av tjenester');

  await openArea(page, 'Integrasjoner');
  await page.getByRole('button', { name: 'Ny integrasjon' }).click();
  await expect(page.getByLabel('Difi-tjeneste')).toBeVisible();
  await scan(page, '"Ny integrasjon" open');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Rett opp dette' })).toBeFocused();
  await scan(page, '"Ny integrasjon" in its error state');
  await page.getByRole('button', { name: 'Legg til scopes' }).click();
  await expect(page.getByRole('dialog', { name: 'Velg scopes' })).toContainText('tilbyder:eksempel/data.read');
  await scan(page, 'the scope picker');
  await page.keyboard.press('Escape');

  await page.goto('/tjenester/ver1/integrasjoner');
  await createIntegration(page, 'Maskinporten', `Axe ${Date.now()}`, ['tilbyder:eksempel/data.read']);
  await page.getByRole('button', { name: 'Egne public nøkler' }).click();
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('alert')).toContainText('Lim inn en nøkkel først');
  await scan(page, 'an integration with "Egne public nøkler" open, in its error state');
  await page.getByRole('button', { name: 'Hent token' }).click();
  await expect(page.getByRole('heading', { name: 'Eksempel' })).toBeVisible();
  await scan(page, 'an integration with "Hent token" open');
  await page.getByRole('button', { name: 'Endre', exact: true }).click();
  await page.getByRole('button', { name: 'Deaktiver' }).click();
  await expect(page.getByRole('dialog', { name: 'Deaktivere integrasjonen?' })).toBeFocused();
  await scan(page, 'the "Deaktiver" confirmation');
  await page.keyboard.press('Escape');

  await page.goto('/rettigheter');
  await scan(page, 'Andre med rettigheter til virksomheten');
  await page.goto('/tjenester/endringslogg');
  await scan(page, 'Endringslogg');
  await page.goto('/tjenester/api-tilganger');
  await scan(page, 'Tilgang til programmeringsgrensesnitt - API');

  // On a phone the tables scroll in their own boxes; each must be reachable by keyboard.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto('/tjenester/ver1/integrasjoner');
  await expect(page.getByRole('region', { name: 'API-katalog' })).toBeVisible();
  await scan(page, 'Integrasjoner at 375 px');
});

test('the provider and operator pages pass axe-core', async ({ page }) => {
  await login(page, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openArea(page, 'Mine API');
  await scan(page, 'Mine API');
  await page.getByRole('button', { name: 'Nytt scope' }).click();
  await expect(page.getByLabel('Subscope')).toBeVisible();
  await scan(page, '"Nytt scope" open');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Rett opp dette' })).toBeFocused();
  await scan(page, '"Nytt scope" in its error state');
  await page.getByRole('button', { name: 'Avbryt' }).click();

  await openScope(page, 'tilbyder:eksempel/data.read');
  await scan(page, 'a scope page');
  await page.getByRole('button', { name: 'Legg til tilgang' }).click();
  await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  await scan(page, '"Legg til tilgang" in its error state');
  await page.getByRole('row').filter({ hasText: '310000027' }).getByRole('button', { name: 'Slett tilgang' }).click();
  await expect(page.getByRole('dialog', { name: 'Slette tilgangen?' })).toBeFocused();
  await scan(page, 'the "Slett tilgang" confirmation');
  await page.keyboard.press('Escape');

  await page.goto('/tjenester/api-tilbyder');
  await scan(page, 'API-tilbyder');
  await page.goto('/min-profil');
  await scan(page, 'Min profil');
  await logout(page);

  await login(page, 'operator@digdir.no', 'Operatorpassord1');
  await page.goto('/operator');
  await scan(page, 'Operatør');
});
