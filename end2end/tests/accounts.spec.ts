import { test, expect } from '@playwright/test';
import { login, logout, registerAndConfirm, unique, PASSWORD } from './helpers';

test('register, confirm by the e-mailed link, log in and see the organisation', async ({ page }) => {
  const email = `${unique('kari')}@konsument.test`;
  await registerAndConfirm(page, 'Kari Nordmann', email, 'Demo Konsument AS');
  await login(page, email, PASSWORD);
  await expect(page.getByText('Demo Konsument AS').first()).toBeVisible();
  await logout(page);
});

test('an unknown e-mail domain is refused with the reason', async ({ page }) => {
  await page.goto('/registrer');
  await page.getByLabel('Navn').fill('Ola Ukjent');
  await page.getByLabel('E-post').fill('ola@ukjent-domene.no');
  await page.getByLabel('Passord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Registrer deg' }).click();
  await expect(page.getByText('Domenet «ukjent-domene.no» er ikke registrert på noen virksomhet').first()).toBeVisible();
  await expect(page.getByText('Sjekk søppelpost')).toHaveCount(0);
});

test('bad input is named per field before anything is sent', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (r) => { if (r.method() === 'POST') requests.push(r.url()); });
  await page.goto('/registrer');
  await page.getByLabel('E-post').fill('ikke-en-adresse');
  await page.getByLabel('Passord').fill('kort');
  await page.getByRole('button', { name: 'Registrer deg' }).click();
  await expect(page.getByText('Navn må fylles ut.')).toBeVisible();
  await expect(page.getByText('E-post må være en gyldig e-postadresse').first()).toBeVisible();
  await expect(page.getByText('Passord må ha minst 10 tegn.')).toBeVisible();
  await expect(page.getByLabel('Passord')).toHaveAttribute('aria-invalid', 'true');
  expect(requests.filter((u) => u.includes('/api/register'))).toEqual([]);
});

test('a wrong password is refused without saying which part was wrong', async ({ page }) => {
  await page.goto('/min-profil');
  await page.getByLabel('E-post').fill('admin@konsument.test');
  await page.getByLabel('Passord').fill('helt feil passord');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByRole('alert')).toHaveText('Feil e-post eller passord.');
  await page.getByLabel('E-post').fill('finnes.ikke@konsument.test');
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByRole('alert')).toHaveText('Feil e-post eller passord.');
});
