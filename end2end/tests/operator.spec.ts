import { test, expect } from '@playwright/test';
import { login, unique } from './helpers';

test('the operator registers an organisation with an e-mail domain', async ({ page }) => {
  const domain = `${unique('org')}.test`;
  // A valid org number that the demo data does not use, varied per run.
  const stem = `3${String(Date.now()).slice(-7)}`;
  const weights = [3, 2, 7, 6, 5, 4, 3, 2];
  let number = '';
  for (let bump = 0; bump < 20 && !number; bump++) {
    const s = String(Number(stem) + bump).padStart(8, '0');
    const sum = [...s].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
    const c = 11 - (sum % 11);
    if (c !== 10) number = s + String(c === 11 ? 0 : c);
  }

  await login(page, 'operator@digdir.no', 'Operatorpassord1');
  await page.getByRole('link', { name: 'Operatør' }).click();
  await expect(page.getByRole('heading', { name: 'Virksomheter' })).toBeVisible();
  await page.getByRole('button', { name: 'Ny virksomhet' }).click();
  await page.getByLabel('Organisasjonsnummer').fill('123456789');
  await page.getByLabel('Navn', { exact: true }).fill('Testvirksomhet AS');
  await page.getByLabel('E-postdomener').fill(domain);
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByText('kontrollsifferet stemmer ikke')).toBeVisible();

  await page.getByLabel('Organisasjonsnummer').fill(number);
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('heading', { name: 'Testvirksomhet AS' })).toBeVisible();
  await expect(page.getByText(domain)).toBeVisible();

  // The new domain now decides the organisation at registration.
  await page.goto('/registrer');
  await page.getByLabel('E-post').fill(`ny@${domain}`);
  await expect(page.getByText('Du blir knyttet til Testvirksomhet AS')).toBeVisible();
});
