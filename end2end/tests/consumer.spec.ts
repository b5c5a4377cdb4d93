import { test, expect, Page } from '@playwright/test';
import { certificate, createIntegration, login, rsaKey, unique, DEMO_PASSWORD, UUID } from './helpers';
import { addAccess, createScope, openArea, openScope } from './provider-helpers';

const SHARED = 'tilbyder:eksempel/data.read';

async function openIntegration(page: Page, name: string) {
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

test('Maskinporten integration with a granted scope, a live scope list, then deactivated', async ({ page, browser, baseURL }) => {
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');

  // Bad input is caught in the form, each message naming its field.
  await page.getByRole('button', { name: 'Ny integrasjon' }).click();
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByText('Navn må fylles ut.')).toBeVisible();
  await expect(page.getByText(/Beskrivelse må fylles ut/)).toBeVisible();

  const name = unique('Fagsystem ');
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Beskrivelse', { exact: true }).fill('Henter eksempeldata');

  // "Legg til scopes" lists what is shared with us, explains what may be missing, and is live.
  // It is a modal dialog: the form behind waits until it closes.
  await page.getByRole('button', { name: 'Legg til scopes' }).click();
  const picker = page.getByRole('dialog');
  await expect(picker).toContainText('Mest sannsynlig har ikke API-tilbyderen delt tilgang');
  await expect(picker.getByLabel(SHARED, { exact: true })).toBeVisible();
  const providerCtx = await browser.newContext({ baseURL });
  const provider = await providerCtx.newPage();
  await login(provider, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openArea(provider, 'Mine API');
  const fresh = await createScope(provider, 'tilbyder', `${unique('konsument')}/data.read`, 'Nytt for konsumenten');
  await expect(picker.getByLabel(fresh, { exact: true })).toHaveCount(0);
  await openScope(provider, fresh);
  await addAccess(provider, '310000027');
  await expect(picker.getByLabel(fresh, { exact: true })).toBeVisible({ timeout: 3000 });
  await providerCtx.close();

  await picker.getByLabel(SHARED, { exact: true }).check();
  await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Valgte scopes' })).toContainText(SHARED);
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Integrasjonen er opprettet');
  const clientId = (await page.locator('code.client-id').textContent())!.trim();
  expect(clientId).toMatch(UUID);
  await expect(page.getByText(UUID)).toHaveText(clientId); // the one id on the page
  await expect(page.getByRole('button', { name: 'Kopier client_id' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: SHARED })).toBeVisible();

  // In the list: name, type, client_id, scopes.
  await page.getByRole('link', { name: /^Integrasjoner – / }).click();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Maskinporten');
  await expect(row).toContainText(SHARED);
  await expect(row).toContainText(clientId);

  // "Slette klient": open it → "Endre" → "Deaktiver" → confirm.
  await openIntegration(page, name);
  await expect(page.getByText(clientId)).toBeVisible();
  await page.getByRole('button', { name: 'Endre' }).click();
  await page.getByRole('button', { name: 'Deaktiver' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Deaktivere integrasjonen?');
  await dialog.getByRole('button', { name: 'Deaktiver' }).click();
  await expect(page.getByText('Status: Deaktivert')).toBeVisible();

  // Kept, and listed under the filter.
  await page.getByRole('link', { name: /^Integrasjoner – / }).click();
  await expect(page.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await page.getByLabel('Vis').selectOption('Deaktiverte integrasjoner');
  await expect(page.getByRole('row').filter({ hasText: name })).toContainText('Deaktivert');
});

test('KRR integration gets the two KRR scopes; commercial data from "Virksomhetens tjenester"', async ({ page }) => {
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const krr = unique('KRR-oppslag ');
  await page.getByRole('button', { name: 'Ny integrasjon' }).click();
  await page.getByLabel('Difi-tjeneste').selectOption('KRR');
  await expect(page.getByRole('button', { name: 'Legg til scopes' })).toHaveCount(0);
  await page.getByLabel('Navn', { exact: true }).fill(krr);
  await page.getByLabel('Beskrivelse', { exact: true }).fill('Oppslag i KRR');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('status')).toContainText('Integrasjonen er opprettet');
  await expect(page.getByRole('definition').filter({ hasText: 'krr:global/kontaktinformasjon.read' })).toContainText('krr:global/digitalpost.read');

  // "Vedlikehald av merkantile data": "Virksomhetens tjenester" → the client → "Rediger integrasjon".
  await page.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await page.getByRole('link', { name: krr, exact: true }).click();
  await page.getByRole('button', { name: 'Rediger integrasjon' }).click();
  await expect(page.getByLabel('Faktura-e-post')).toHaveCount(0); // KRR: notification contacts only
  await page.getByLabel('E-postadresser for varsler').fill('drift@konsument.test\nikke-en-adresse');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.getByText(/«ikke-en-adresse»/)).toBeVisible();
  await page.getByLabel('E-postadresser for varsler').fill('drift@konsument.test\nvakt@konsument.test');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.getByRole('status')).toContainText('Merkantile data er lagret');
  await expect(page.getByText('vakt@konsument.test')).toBeVisible();

  // A Maskinporten integration has Fakturainformasjon as well.
  await openArea(page, 'Integrasjoner');
  const mp = unique('Faktura ');
  await createIntegration(page, 'Maskinporten', mp);
  await page.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await page.getByRole('link', { name: mp, exact: true }).click();
  await page.getByRole('button', { name: 'Rediger integrasjon' }).click();
  await page.getByLabel('Faktura-e-post').fill('faktura@konsument.test');
  await page.getByLabel('Fakturareferanse').fill('PO-4711');
  await page.getByLabel('E-postadresser for varsler').fill('drift@konsument.test');
  await page.getByRole('button', { name: 'Lagre' }).click();
  await expect(page.getByRole('status')).toContainText('Merkantile data er lagret');
  await expect(page.getByText('PO-4711')).toBeVisible();
});

test('keys: PEM converted to JWK in the browser, a private key refused and never sent, a JWK array', async ({ page }) => {
  const key = rsaKey();
  const bodies: string[] = [];
  page.on('request', (r) => bodies.push(`${r.url()} ${r.postData() ?? ''}`));

  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const name = unique('Nøkkelklient ');
  await createIntegration(page, 'Maskinporten', name, [SHARED]);
  await page.getByRole('button', { name: 'Egne public nøkler' }).click();
  const input = page.getByLabel('Nøkkel (JWK, JWK-liste, JWKS eller PEM)');

  // A private key: refused at once, with a warning; "legg til" sends nothing.
  await input.fill(key.privatePem);
  await expect(page.getByRole('alert')).toContainText('Dette er en privat nøkkel');
  const before = bodies.length;
  await page.getByRole('button', { name: 'legg til' }).click();
  await page.waitForTimeout(500);
  expect(bodies.length).toBe(before);
  const secretPart = key.privatePem.split('\n')[5];
  expect(bodies.some((b) => b.includes('PRIVATE') || b.includes(secretPart) || b.includes(encodeURIComponent(secretPart)))).toBe(false);

  // A PEM public key: shown as a JWK before saving, n and e from the key itself.
  await input.fill(key.publicPem);
  const preview = page.getByLabel('JWK som lagres');
  await expect(preview).toContainText('"kty": "RSA"');
  await expect(preview).toContainText(`"n": "${key.n}"`);
  await expect(preview).toContainText('"e": "AQAB"');
  await expect(preview).toContainText('"alg": "RS256"');
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('status')).toContainText('Nøkkelen er lagt til');
  await expect(page.getByRole('table')).toContainText(key.n);
  await expect(page.getByRole('table')).toContainText('1 av 5');

  // The guide's JWK, in brackets.
  const guideJwk = `[
    {
      "kty": "RSA",
      "e": "AQAB",
      "use": "sig",
      "kid": "min_egen_nokkel",
      "alg": "RS256",
      "n": "lGc-dGnl9l9pCSb6eW5Mf23Aiss09q7Mxre9q9dazSiN9IjQJmkWDySpoYW3g_rSX2a74cg_q3iTSM0Co9iJ0LQp8gjoIi9I8syi6anBKK6fISr1adZbsGGrM1-zMRRNVsJ811snTdkbgx8ZxVRJM4F6D2KwL3TEnv0CRRVtphO0sRmimKBVVBdawPYQC64SQDvARy6xIlPhD-Da2n2Cl6vRQbVns7dYD8-C2TeYGgB_tAsrVSorx9GF5cZ-hlNHfIgg2qQYZzaljyfOWPPG5rybp9bAWg9vFllUFd_Y6vvZ0tqVfAyj67nFz_w4Rxy-MdRgERKHJcq81GkmVzq5fQ"
    }
  ]`;
  await expect(input).toHaveValue(''); // the panel stays open, emptied after saving
  await input.fill(guideJwk);
  await expect(page.getByLabel('JWK som lagres')).toContainText('min_egen_nokkel');
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'min_egen_nokkel' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('2 av 5');

  // A kid outside [A-Za-z0-9._-] is refused with the rule, before anything is sent.
  await input.fill(guideJwk.replace('"kid": "min_egen_nokkel"', '"kid": "ugyldig kid"'));
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('alert')).toContainText('kid');

  // Removal asks first, then can be undone.
  await page.getByRole('button', { name: 'Fjern nøkkel min_egen_nokkel' }).click();
  const ask = page.getByRole('dialog', { name: 'Fjerne nøkkelen?' });
  await expect(ask).toContainText('min_egen_nokkel');
  await ask.getByRole('button', { name: 'Fjern nøkkel' }).click();
  await expect(page.getByRole('status')).toContainText('Nøkkelen er fjernet (min_egen_nokkel).');
  await expect(page.getByRole('status')).toBeFocused();
  await expect(page.getByRole('row').filter({ hasText: 'min_egen_nokkel' })).toHaveCount(0);
  await page.getByRole('status').getByRole('button', { name: 'Angre' }).click();
  await expect(page.getByRole('status')).toContainText('Nøkkelen er lagt til igjen');
  await expect(page.getByRole('row').filter({ hasText: 'min_egen_nokkel' })).toBeVisible();
  await page.getByRole('button', { name: 'Fjern nøkkel min_egen_nokkel' }).click();
  await ask.getByRole('button', { name: 'Fjern nøkkel' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'min_egen_nokkel' })).toHaveCount(0);
});

test('Virksomhetssertifikat: details shown, another organisation’s refused', async ({ page }) => {
  const own = certificate('/C=NO/O=Demo Konsument AS/serialNumber=310000027/CN=Demo Konsument AS');
  const other = certificate('/C=NO/O=Annen AS/serialNumber=310000035/CN=Annen AS');
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const name = unique('Sertifikatklient ');
  await createIntegration(page, 'Maskinporten', name);
  await page.getByRole('button', { name: 'Virksomhetssertifikat' }).click();
  const input = page.getByLabel('Sertifikat i PEM-format');

  await input.fill(other);
  await expect(page.getByText(/Kan ikke brukes: .*310000035/)).toBeVisible();
  await page.getByRole('button', { name: 'legg til', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('310000035');

  await input.fill(own);
  await expect(page.getByText('Sertifikatet du har limt inn')).toBeVisible();
  await expect(page.getByText('serialNumber=310000027').first()).toBeVisible();
  await page.getByRole('button', { name: 'legg til', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Virksomhetssertifikatet er registrert');
  await expect(page.getByText('Registrert sertifikat')).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^310000027$/ })).toBeVisible();
});

test('a certificate about to expire is flagged on its page and in "Integrasjoner"', async ({ page }) => {
  const soon = certificate('/C=NO/O=Demo Konsument AS/serialNumber=310000027/CN=Demo Konsument AS', 10);
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const name = unique('Utløpende sertifikat ');
  await createIntegration(page, 'Maskinporten', name);
  await page.getByRole('button', { name: 'Virksomhetssertifikat' }).click();
  await page.getByLabel('Sertifikat i PEM-format').fill(soon);
  await expect(page.getByText('Sertifikatet du har limt inn')).toBeVisible();
  await page.getByRole('button', { name: 'legg til', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Virksomhetssertifikatet er registrert');
  await expect(page.getByText('Utløper snart – last opp et nytt virksomhetssertifikat for å fornye det')).toBeVisible();

  await openArea(page, 'Integrasjoner');
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Virksomhetssertifikat utløper snart');
});

test('ID-porten integration: redirect URIs checked in the form, by keyboard', async ({ page }) => {
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  await page.getByRole('button', { name: 'Ny integrasjon' }).click();
  await page.getByLabel('Difi-tjeneste').selectOption('ID-porten');
  const name = unique('Innlogging ');
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Beskrivelse', { exact: true }).fill('Innlogging for innbyggere');
  await page.getByLabel('Redirect-URI-er').fill('http://app.example.no/callback');
  await page.getByLabel('Post logout-URI-er').focus(); // leaving the field checks it
  await expect(page.getByText(/bare https er tillatt/)).toBeVisible();
  await page.getByLabel('Redirect-URI-er').fill('https://app.example.no/callback\nhttp://localhost:8080/callback');
  await page.getByLabel('Post logout-URI-er').fill('https://app.example.no/utlogget');

  // "Legg til scopes" works from the keyboard: focus moves into the list, Escape closes it.
  await page.getByRole('button', { name: 'Legg til scopes' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('status')).toContainText('Integrasjonen er opprettet');
  await expect(page.getByRole('definition').filter({ hasText: 'http://localhost:8080/callback' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: 'https://app.example.no/utlogget' })).toBeVisible();
});
