import { test, expect } from '@playwright/test';
import { login, logout, registerAndConfirm, totp, unique, PASSWORD } from './helpers';

test('TOTP enrolment and the production step-up', async ({ page }) => {
  const email = `${unique('tor')}@tilbyder.test`;
  await registerAndConfirm(page, 'Tor Totp', email, 'Demo API-tilbyder AS');
  await login(page, email, PASSWORD);

  // Production without a second factor: "Ny integrasjon" is disabled, with what to do.
  await page.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await page.getByRole('link', { name: 'Administrasjon av tjenester' }).click();
  await page.getByLabel('Miljø').selectOption('produksjon');
  await page.getByRole('link', { name: 'Integrasjoner' }).click();
  await expect(page.getByRole('button', { name: 'Ny integrasjon' })).toBeDisabled();
  await expect(page.getByText(/Du trenger rettigheten «Selvbetjening av integrasjoner/)).toBeVisible();
  await expect(page.getByText(/krever tofaktorautentisering/)).toBeVisible();

  // Enrol under "Min profil".
  await page.getByRole('link', { name: 'Min profil' }).click();
  await page.getByRole('button', { name: 'Sett opp engangskoder' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.getByLabel('Engangskode').fill('000000' === totp(secret) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Bekreft' }).click();
  await expect(page.getByText('Engangskoden stemmer ikke')).toBeVisible();
  await page.getByLabel('Engangskode').fill(totp(secret));
  await page.getByRole('button', { name: 'Bekreft' }).click();
  await expect(page.getByText('Engangskoder er satt opp.')).toBeVisible();

  // A new session must step up when entering production.
  await logout(page);
  await login(page, email, PASSWORD);
  await page.goto('/tjenester/prod/integrasjoner');
  await expect(page.getByRole('heading', { name: 'Bekreft med engangskode' })).toBeVisible();
  await page.getByLabel('Engangskode').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Bekreft' }).click();
  await expect(page.getByRole('heading', { name: /Integrasjoner – produksjon/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Bekreft med engangskode' })).toHaveCount(0);
  // Stepped up, but still without the right: the reason names it.
  await expect(page.getByRole('button', { name: 'Ny integrasjon' })).toBeDisabled();
  await expect(page.getByText(/krever tofaktorautentisering/)).toHaveCount(0);
});
