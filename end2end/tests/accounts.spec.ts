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

test('"Glemt passord?" → the e-mailed link → "Nytt passord" → log in with it; the link works once', async ({ page }) => {
  const email = `${unique('glemt')}@konsument.test`;
  await registerAndConfirm(page, 'Gunn Glemsk', email, 'Demo Konsument AS');
  await page.goto('/min-profil');
  await page.getByRole('link', { name: 'Glemt passord?' }).click();
  await expect(page.getByRole('heading', { name: 'Glemt passord?' })).toBeVisible();
  await page.getByLabel('E-post').fill(email);
  await page.getByRole('button', { name: 'Send lenke' }).click();
  await expect(page.getByText('Hvis adressen er registrert, har vi sendt en lenke')).toBeVisible();

  await page.goto('/dev/mailbox');
  const link = page.getByRole('article', { name: `E-post til ${email}` }).filter({ hasText: 'Nytt passord i Selvbetjening' }).getByRole('link');
  const href = await link.getAttribute('href');
  expect(href).toContain('/nytt-passord?token=');
  await link.click();
  await expect(page.getByRole('heading', { name: 'Nytt passord' })).toBeVisible();
  await page.getByLabel('Nytt passord').fill('kort');
  await page.getByRole('button', { name: 'Lagre nytt passord' }).click();
  await expect(page.getByText('Passord må ha minst 10 tegn.')).toBeVisible();
  await page.getByLabel('Nytt passord').fill('et helt nytt passord');
  await page.getByRole('button', { name: 'Lagre nytt passord' }).click();
  await expect(page.getByText('Logg inn med det nye passordet.')).toBeVisible();

  // Used once: the same link is refused, and the mailbox no longer shows its token.
  await page.goto(href!);
  await page.getByLabel('Nytt passord').fill('et tredje langt passord');
  await page.getByRole('button', { name: 'Lagre nytt passord' }).click();
  await expect(page.getByRole('alert')).toContainText('ugyldig eller allerede brukt');
  await page.goto('/dev/mailbox');
  await expect(page.getByRole('article', { name: `E-post til ${email}` }).filter({ hasText: 'Nytt passord i Selvbetjening' })).toContainText('token=[ugyldig]');
  await expect(page.getByRole('article', { name: `E-post til ${email}` }).filter({ hasText: 'Passordet ditt er endret' })).toBeVisible();

  await login(page, email, 'et helt nytt passord');
  await logout(page);
});

test('"Endre passord" ends the other sessions and keeps this one; "Logg ut overalt" ends them all', async ({ browser }) => {
  const email = `${unique('endre')}@konsument.test`;
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await registerAndConfirm(first, 'Endre Passordsen', email, 'Demo Konsument AS');
  await login(first, email, PASSWORD);
  await login(second, email, PASSWORD);

  await first.getByRole('link', { name: 'Min profil' }).click();
  await first.getByLabel('Nåværende passord').fill('helt feil passord');
  await first.getByLabel('Nytt passord').fill('et helt nytt passord');
  await first.getByRole('button', { name: 'Endre passord' }).click();
  await expect(first.getByText('Nåværende passord stemmer ikke.')).toBeVisible();
  await expect(first.getByLabel('Nåværende passord')).toHaveAttribute('aria-invalid', 'true');
  await first.getByLabel('Nåværende passord').fill(PASSWORD);
  await first.getByRole('button', { name: 'Endre passord' }).click();
  await expect(first.getByText('Passordet er endret. Du er logget ut på alle andre enheter.')).toBeVisible();

  await second.goto('/min-profil');
  await expect(second.getByRole('heading', { name: 'Logg inn' })).toBeVisible();
  await first.reload();
  await expect(first.getByRole('heading', { name: 'Min profil' })).toBeVisible();

  await login(second, email, 'et helt nytt passord');
  await first.getByRole('button', { name: 'Logg ut overalt' }).click();
  await expect(first.getByText('Du er logget ut overalt')).toBeVisible();
  await expect(first.getByRole('heading', { name: 'Logg inn' })).toBeVisible();
  await second.goto('/min-profil');
  await expect(second.getByRole('heading', { name: 'Logg inn' })).toBeVisible();
  await first.context().close();
  await second.context().close();
});
