import { test, expect } from '@playwright/test';
import { login, logout, registerAndConfirm, unique, DEMO_PASSWORD } from './helpers';

const RIGHT = 'Selvbetjening av integrasjoner i ID-porten/Maskinporten';

test('the main administrator gives a person a right and removes it again', async ({ page }) => {
  const local = unique('per');
  const email = `${local}@konsument.test`;
  await registerAndConfirm(page, 'Per Hansen', email, 'Demo Konsument AS');

  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Andre med rettigheter til virksomheten' }).click();
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Etternavn').fill('Hansen');
  await page.getByLabel(RIGHT).check();
  await page.getByRole('button', { name: 'Gi rettigheter' }).click();
  await expect(page.getByText('Rettighetene er gitt.')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText(RIGHT);

  await row.getByRole('button', { name: 'Gi eller fjerne tilgang' }).click();
  await page.getByRole('button', { name: 'Fjern en eller flere rettigheter' }).click();
  await page.getByRole('listitem').filter({ hasText: RIGHT }).getByRole('button', { name: 'Fjern', exact: true }).click();
  await page.getByRole('button', { name: 'Ferdig' }).click();
  await expect(page.getByText('Rettighetene er fjernet.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: email })).toHaveCount(0);
});

test('the supplier right needs the integrations right', async ({ page }) => {
  const email = `${unique('lise')}@konsument.test`;
  await registerAndConfirm(page, 'Lise Berg', email, 'Demo Konsument AS');
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await page.goto('/rettigheter');
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Etternavn').fill('Berg');
  await page.getByLabel('Selvbetjening for leverandører i ID-porten/Maskinporten').check();
  await page.getByRole('button', { name: 'Gi rettigheter' }).click();
  await expect(page.getByText(/krever «Selvbetjening av integrasjoner/)).toBeVisible();
  await logout(page);
});
