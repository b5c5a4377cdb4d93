import { test, expect, Locator, Page } from '@playwright/test';
import { login, rsaKey, unique, DEMO_PASSWORD } from './helpers';
import { openArea } from './provider-helpers';

const SHARED = 'tilbyder:eksempel/data.read';

/** Presses Tab (or Shift+Tab, towards `target`) until `target` has focus: the keyboard's way there. */
async function tabTo(page: Page, target: Locator, max = 80) {
  const before = await target.evaluate(
    (el) => !!document.activeElement && !!(document.activeElement.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING),
  );
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(before ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`could not reach ${target} with the keyboard`);
}

test('an empty "Nytt scope" shows a focused error summary that leads to each field', async ({ page }) => {
  await login(page, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openArea(page, 'Mine API');
  await expect(page).toHaveTitle('Mine API – ver1 – Selvbetjening');
  await page.getByRole('button', { name: 'Nytt scope' }).click();
  // Opening the form moves focus into it.
  await expect(page.getByLabel('Prefiks')).toBeFocused();
  await page.getByRole('button', { name: 'Opprett' }).click();

  const summary = page.getByRole('alert').filter({ hasText: 'Rett opp dette' });
  await expect(summary).toBeFocused();
  await expect(page).toHaveTitle('Feil: Mine API – ver1 – Selvbetjening');
  // Each field is named once in the summary (a link) and its message shows once, at the field.
  await expect(summary.getByRole('link', { name: 'Subscope' })).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Beskrivelse' })).toBeVisible();
  await expect(page.getByText('Subscope må fylles ut.')).toHaveCount(1);
  const subscope = page.getByLabel('Subscope');
  await expect(subscope).toHaveAttribute('aria-invalid', 'true');
  await summary.getByRole('link', { name: 'Subscope' }).click();
  await expect(subscope).toBeFocused();

  // Put right: the summary and the title's "Feil:" go.
  const name = unique('skjema').toLowerCase().replace(/[^a-z0-9]/g, '');
  await subscope.fill(`${name}/data.read`);
  await page.getByLabel('Beskrivelse', { exact: true }).fill('Rettet');
  await page.getByRole('button', { name: 'Opprett' }).click();
  await expect(page.getByRole('status')).toContainText(`tilbyder:${name}/data.read er opprettet`);
  await expect(summary).toHaveCount(0);
  await expect(page).toHaveTitle('Mine API – ver1 – Selvbetjening');
});

test('the scope picker is a modal dialog: "Avbryt" and Escape put the choice back', async ({ page }) => {
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  await page.getByRole('button', { name: 'Ny integrasjon' }).click();
  const open = page.getByRole('button', { name: 'Legg til scopes' });
  await open.click();
  const picker = page.getByRole('dialog', { name: 'Velg scopes' });
  await expect(picker).toBeFocused();
  await picker.getByLabel(SHARED, { exact: true }).check();
  await picker.getByRole('button', { name: 'Avbryt' }).click();
  await expect(picker).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(page.getByText('Ingen scopes er valgt ennå.')).toBeVisible();

  await open.click();
  await picker.getByLabel(SHARED, { exact: true }).check();
  await page.keyboard.press('Escape');
  await expect(picker).toHaveCount(0);
  await expect(page.getByText('Ingen scopes er valgt ennå.')).toBeVisible();

  await open.click();
  await picker.getByLabel(SHARED, { exact: true }).check();
  await picker.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(page.getByRole('list', { name: 'Valgte scopes' })).toContainText(SHARED);
});

test('keyboard only: create an integration, add a scope, add a key, deactivate', async ({ page }) => {
  const key = rsaKey();
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const name = unique('Tastatur ');

  // "Ny integrasjon": focus lands in the form.
  await tabTo(page, page.getByRole('button', { name: 'Ny integrasjon' }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Difi-tjeneste')).toBeFocused();
  await tabTo(page, page.getByLabel('Navn', { exact: true }));
  await page.keyboard.type(name);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Beskrivelse', { exact: true })).toBeFocused();
  await page.keyboard.type('Laget med tastaturet');

  // A scope, through the picker.
  const open = page.getByRole('button', { name: 'Legg til scopes' });
  await tabTo(page, open);
  await page.keyboard.press('Enter');
  const picker = page.getByRole('dialog', { name: 'Velg scopes' });
  await expect(picker).toBeFocused();
  const box = picker.getByLabel(SHARED, { exact: true });
  await tabTo(page, box);
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
  await tabTo(page, picker.getByRole('button', { name: 'Legg til', exact: true }));
  await page.keyboard.press('Enter');
  await expect(picker).toHaveCount(0);
  await expect(open).toBeFocused();
  await expect(page.getByRole('list', { name: 'Valgte scopes' })).toContainText(SHARED);

  // "Opprett": on the integration's page, focus is on its heading.
  await tabTo(page, page.getByRole('button', { name: 'Opprett' }));
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { level: 1, name });
  await expect(heading).toBeFocused();
  await expect(page).toHaveTitle(`${name} – ver1 – Selvbetjening`);

  // A key, under "Nøkler": focus goes into the panel, then to the message.
  await expect(page.getByRole('heading', { level: 2, name: 'Nøkler' })).toBeVisible();
  const keys = page.getByRole('button', { name: 'Egne public nøkler' });
  await tabTo(page, keys);
  await page.keyboard.press('Enter');
  await expect(keys).toHaveAttribute('aria-expanded', 'true');
  const input = page.getByLabel('Nøkkel (JWK, JWK-liste, JWKS eller PEM)');
  await expect(input).toBeFocused();
  await page.keyboard.insertText(key.publicPem);
  await expect(page.getByLabel('JWK som lagres')).toContainText(key.n);
  await tabTo(page, page.getByRole('button', { name: 'legg til' }));
  await page.keyboard.press('Enter');
  const status = page.getByRole('status');
  await expect(status).toContainText('Nøkkelen er lagt til');
  await expect(status).toBeFocused();

  // "Endre" → "Deaktiver" → the confirmation, by keyboard.
  await tabTo(page, page.getByRole('button', { name: 'Endre', exact: true }));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Navn', { exact: true })).toBeFocused();
  await tabTo(page, page.getByRole('button', { name: 'Deaktiver' }));
  await page.keyboard.press('Enter');
  const ask = page.getByRole('dialog', { name: 'Deaktivere integrasjonen?' });
  await expect(ask).toBeFocused();
  await tabTo(page, ask.getByRole('button', { name: 'Deaktiver' }));
  await page.keyboard.press('Enter');
  await expect(status).toContainText('Integrasjonen er deaktivert');
  await expect(status).toBeFocused();
  await expect(page.getByText('Status: Deaktivert')).toBeVisible();
});
