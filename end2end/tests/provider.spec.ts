import { test, expect } from '@playwright/test';
import { login, logout, unique, DEMO_PASSWORD } from './helpers';
import { addAccess, createScope, openArea, openScope } from './provider-helpers';

test('a provider creates a scope, manages its access list, deactivates and reactivates it', async ({ page }) => {
  await login(page, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openArea(page, 'Mine API');

  // Bad input is named in the form before anything is sent.
  await page.getByRole('button', { name: 'Nytt scope' }).click();
  await page.getByLabel('Subscope').fill('Ugyldig//navn');
  await page.getByLabel('Levetid for token (sekunder)').fill('0');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByText('Subscope kan bare ha små bokstaver')).toBeVisible();
  await expect(page.getByText('Beskrivelse må fylles ut.')).toBeVisible();
  await expect(page.getByText('Levetid for token må være et helt antall sekunder fra 1 til 86400.')).toBeVisible();
  await page.getByRole('button', { name: 'Avbryt' }).click();

  const subscope = `${unique('api')}/data.read`;
  const name = await createScope(page, 'tilbyder', subscope, 'Lesetilgang til testdata');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Aktiv');

  // The same full name again is refused, and says so.
  await page.getByRole('button', { name: 'Nytt scope' }).click();
  await page.getByLabel('Subscope').fill(subscope);
  await page.getByLabel('Beskrivelse', { exact: true }).fill('Igjen');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByText(`Scopet «${name}» finnes allerede`)).toBeVisible();
  await page.getByRole('button', { name: 'Avbryt' }).click();

  await openScope(page, name);
  await expect(page.getByText('Ingen virksomheter har tilgang ennå.')).toBeVisible();
  await addAccess(page, '310000027');
  await expect(page.getByRole('row').filter({ hasText: '310000027' })).toContainText('Demo Konsument AS');

  // A malformed organisation number is refused before sending.
  await page.getByRole('button', { name: 'Legg til tilgang' }).click();
  await page.getByLabel('Organisasjonsnummer').fill('310000028');
  await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(page.getByText('kontrollsifferet stemmer ikke')).toBeVisible();
  await page.getByLabel('Organisasjonsnummer').fill('310000035');
  await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: '310000035' })).toContainText('Demo Leverandør AS');

  // Twice is refused politely.
  await page.getByRole('button', { name: 'Legg til tilgang' }).click();
  await page.getByLabel('Organisasjonsnummer').fill('310000027');
  await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(page.getByText('310000027 har allerede tilgang')).toBeVisible();
  await page.getByRole('button', { name: 'Avbryt' }).click();

  // The trash icon asks first, naming the organisation; Escape cancels and focus goes back.
  const trash = page.getByRole('row').filter({ hasText: '310000035' }).getByRole('button', { name: 'Slett tilgang' });
  await trash.click();
  const ask = page.getByRole('dialog', { name: 'Slette tilgangen?' });
  await expect(ask).toBeFocused();
  await expect(ask).toContainText('310000035');
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(trash).toBeFocused();
  await expect(page.getByRole('row').filter({ hasText: '310000035' })).toBeVisible();

  // Confirmed: gone, said so (focus on the message), and "Angre" puts it back.
  await trash.click();
  await ask.getByRole('button', { name: 'Slett tilgang' }).click();
  await expect(page.getByRole('row').filter({ hasText: '310000035' })).toHaveCount(0);
  const removed = page.getByRole('status').filter({ hasText: 'er slettet' });
  await expect(removed).toContainText('Tilgangen for Demo Leverandør AS (310000035) er slettet.');
  await expect(removed).toBeFocused();
  await removed.getByRole('button', { name: 'Angre' }).click();
  await expect(page.getByRole('status')).toContainText('er gitt tilbake');
  await expect(page.getByRole('row').filter({ hasText: '310000035' })).toBeVisible();

  // And for good.
  await trash.click();
  await ask.getByRole('button', { name: 'Slett tilgang' }).click();
  await expect(page.getByRole('row').filter({ hasText: '310000035' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: '310000027' })).toBeVisible();

  // "Endre" → "Deaktiver" → confirm.
  await page.getByRole('button', { name: 'Endre' }).click();
  await page.getByRole('button', { name: 'Deaktiver' }).click();
  const dialog = page.getByRole('dialog', { name: 'Deaktivere scopet?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Deaktiver' }).click();
  await expect(page.getByText('Status: Deaktivert')).toBeVisible();
  // Said so, with focus on the message; it replaces the message about the removal above.
  await expect(page.getByRole('status')).toContainText('Scopet er deaktivert');
  await expect(page.getByRole('status')).toBeFocused();
  // The access list is kept.
  await expect(page.getByRole('row').filter({ hasText: '310000027' })).toBeVisible();

  await page.getByRole('button', { name: 'Aktiver' }).click();
  await expect(page.getByText('Status: Aktiv')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Scopet er aktivert igjen.');

  // Changing the description under "Endre".
  await page.getByRole('button', { name: 'Endre' }).click();
  await page.getByLabel('Beskrivelse', { exact: true }).fill('Ny beskrivelse');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.locator('dd').filter({ hasText: 'Ny beskrivelse' })).toBeVisible();
});

test('an organisation without a prefix orders one, the operator approves it, and it is used', async ({ page }) => {
  const prefix = `k${Date.now().toString(36)}`;
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Mine API', 'ver2');
  await page.getByRole('button', { name: 'Nytt scope' }).click();
  await expect(page.getByLabel('Prefiks')).toHaveValue('');
  await expect(page.getByText('Feltet er tomt fordi virksomheten ikke har fått et prefiks')).toBeVisible();
  await page.getByRole('button', { name: 'Bestill prefiks' }).click();
  await page.getByLabel('Prefiks').fill(prefix);
  await page.getByLabel('Begrunnelse').fill('API for konsumentdata');
  await page.getByRole('button', { name: 'Bestill prefiks' }).click();
  await expect(page.getByText(`Bestillingen av prefikset «${prefix}» er sendt`)).toBeVisible();
  await logout(page);

  await login(page, 'operator@digdir.no', 'Operatorpassord1');
  await page.getByRole('link', { name: 'Operatør' }).click();
  const request = page.getByRole('row').filter({ hasText: prefix });
  await expect(request).toContainText('Demo Konsument AS');
  await request.getByRole('button', { name: 'Godkjenn' }).click();
  await expect(page.getByRole('row').filter({ hasText: prefix })).toHaveCount(0);
  await logout(page);

  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Mine API', 'ver2');
  const name = await createScope(page, prefix, 'konsument/data.read', 'Data fra konsumenten');
  await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
});

test('the provider keeps its commercial data on the API-tilbyder entry', async ({ page }) => {
  await login(page, 'admin@tilbyder.test', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await page.getByRole('link', { name: 'API-tilbyder' }).click();
  await page.getByRole('button', { name: 'Rediger integrasjon' }).click();
  await page.getByLabel('Faktura-e-post').fill('ikke-en-adresse');
  await page.getByLabel('E-postadresser for varsler').fill('drift@tilbyder.test\nvakt@tilbyder.test');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.getByText('Faktura-e-post:')).toBeVisible();
  await page.getByLabel('Faktura-e-post').fill('faktura@tilbyder.test');
  await page.getByLabel('Fakturareferanse').fill('PO-4711');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.getByText('Merkantile data er lagret.')).toBeVisible();
  await page.reload();
  await expect(page.getByText('faktura@tilbyder.test')).toBeVisible();
  await expect(page.getByText('PO-4711')).toBeVisible();
  await expect(page.getByText('vakt@tilbyder.test')).toBeVisible();
});
