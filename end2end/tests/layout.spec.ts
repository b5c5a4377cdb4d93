import { test, expect, Page } from '@playwright/test';
import { createIntegration, login, logout, rsaKey, unique, DEMO_PASSWORD } from './helpers';
import { openArea, openScope } from './provider-helpers';

// WCAG 1.4.10: no page is wider than the screen, on a phone, a laptop zoomed to 125 % (the
// side menu still beside the page, the least room a table gets) or a laptop. The header
// ("Selvbetjening" … "Min profil") stays on one line. Each page is also photographed at
// each size (test-results/screenshots/), for the eye.
const SIZES = [
  { width: 375, height: 812 },
  { width: 1024, height: 768 },
  { width: 1280, height: 900 },
];

async function fits(page: Page, label: string) {
  const banner = page.getByRole('banner');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await expect(page.locator('main[data-hydrated]')).toBeAttached();
    await page.evaluate(() => document.fonts.ready);
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    await page.screenshot({ path: `test-results/screenshots/${label}-${size.width}.png`, fullPage: true });
    expect.soft(widths.doc, `${label} at ${size.width} px is ${widths.doc} px wide`).toBeLessThanOrEqual(widths.view);
    const brand = (await banner.getByRole('link', { name: 'Selvbetjening' }).boundingBox())!;
    const profile = (await banner.getByRole('link', { name: 'Min profil' }).boundingBox())!;
    expect.soft(Math.abs(brand.y + brand.height / 2 - (profile.y + profile.height / 2)),
      `${label} at ${size.width} px: "Min profil" is not on the header's line`).toBeLessThan(8);
    expect.soft(profile.x + profile.width, `${label} at ${size.width} px: "Min profil" is off the screen`).toBeLessThanOrEqual(size.width);
  }
}

test('the consumer pages fit a phone and a laptop screen', async ({ page }) => {
  await page.goto('/min-profil');
  await fits(page, 'innlogging');
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await fits(page, 'forside');
  await openArea(page, 'Integrasjoner');
  // A key whose kid is its 43-character thumbprint: the longest id the lists show.
  await createIntegration(page, 'Maskinporten', unique('Bred '), ['tilbyder:eksempel/data.read']);
  await page.getByRole('button', { name: 'Egne public nøkler' }).click();
  await page.getByLabel('Nøkkel (JWK, JWK-liste, JWKS eller PEM)').fill(rsaKey().publicPem);
  await expect(page.getByLabel('JWK som lagres')).toBeVisible();
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('status')).toContainText('Nøkkelen er lagt til');
  await page.getByText('Vis JWK').click();
  await fits(page, 'integrasjon');
  // "Hent token": a curl example whose lines are longer than any screen.
  await page.getByRole('button', { name: 'Hent token' }).click();
  await expect(page.getByRole('heading', { name: 'Eksempel' })).toBeVisible();
  await fits(page, 'hent-token');

  await page.goto('/tjenester/ver1/integrasjoner');
  await fits(page, 'integrasjoner');
  await page.goto('/rettigheter');
  await fits(page, 'rettigheter');
  await page.goto('/tjenester/endringslogg');
  await fits(page, 'endringslogg');
  await page.goto('/tjenester');
  await fits(page, 'tjenester');
  // "Tilgang til programmeringsgrensesnitt - API": one word wider than a phone.
  await page.goto('/tjenester/api-tilganger');
  await fits(page, 'api-tilganger');
});

test('the provider and operator pages fit a phone and a laptop screen', async ({ page }) => {
  await login(page, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openArea(page, 'Mine API');
  await fits(page, 'mine-api');
  await openScope(page, 'tilbyder:eksempel/data.read');
  await fits(page, 'scope');
  await logout(page);

  await login(page, 'operator@digdir.no', 'Operatorpassord1');
  await page.goto('/operator');
  await fits(page, 'operator');
});
