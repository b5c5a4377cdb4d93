import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { login, unique, DEMO_PASSWORD } from './helpers';
import { createScope, openArea, openScope } from './provider-helpers';

/** The side menu's "Endringslogg", under "Virksomhetens tjenester". */
async function openLog(page: Page) {
  await page.getByRole('navigation', { name: 'Venstremeny' }).getByRole('link', { name: 'Endringslogg' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Endringslogg' })).toBeVisible();
  await expect(page.locator('main[data-hydrated]')).toBeVisible();
}

test('"Endringslogg" shows a description change as before → after, live, filtered, and as CSV', async ({ browser, baseURL }) => {
  // One window edits the scope; another has the log open and sees the entry arrive.
  const editor = await (await browser.newContext({ baseURL })).newPage();
  await login(editor, 'admin@tilbyder.test', DEMO_PASSWORD);
  // The front page after login says what needs attention (here: a helpful empty state or
  // a short list of links).
  const attention = editor.getByRole('region', { name: 'Krever oppmerksomhet' });
  await expect(attention).toBeVisible();
  await expect(attention.getByText('Ingenting krever oppmerksomhet nå.').or(attention.getByRole('link').first())).toBeVisible();
  await openArea(editor, 'Mine API');
  const name = await createScope(editor, 'tilbyder', `${unique('logg')}/data`, 'Gammel beskrivelse');

  const reader = await (await browser.newContext({ baseURL, acceptDownloads: true })).newPage();
  await login(reader, 'admin@tilbyder.test', DEMO_PASSWORD);
  await openLog(reader);
  await expect(reader.getByRole('row').filter({ hasText: name }).first()).toContainText('Scope opprettet');

  await openScope(editor, name);
  await editor.getByRole('button', { name: 'Endre' }).click();
  await editor.getByLabel('Beskrivelse', { exact: true }).fill('Ny beskrivelse');
  await editor.getByRole('button', { name: 'Lagre' }).click();
  await expect(editor.locator('dd').filter({ hasText: 'Ny beskrivelse' })).toBeVisible();

  // Without reloading: the newest entry, with who, what and before → after.
  const changed = reader.getByRole('row').filter({ hasText: name }).filter({ hasText: 'Scope endret' });
  await expect(changed).toBeVisible({ timeout: 10_000 });
  await expect(changed).toContainText('Anne Tilbyder');
  await expect(changed).toContainText('admin@tilbyder.test');
  await expect(changed).toContainText('Demo API-tilbyder AS');
  const change = changed.getByRole('listitem').filter({ hasText: 'Beskrivelse' });
  await expect(change.locator('del')).toHaveText(/Gammel beskrivelse/);
  await expect(change.locator('ins')).toHaveText(/Ny beskrivelse/);
  await expect(change).toContainText('→');

  // Filters: "Miljø" says where the organisation-wide changes are; "Objekt" narrows to
  // what was asked for; a date range before today is empty.
  await expect(reader.getByLabel('Miljø')).toHaveAccessibleDescription(/hele virksomheten.*«Alle miljøer»/);
  await reader.getByLabel('Objekt').selectOption({ label: 'Integrasjon' });
  await expect(reader.getByRole('row').filter({ hasText: name })).toHaveCount(0);
  await reader.getByLabel('Objekt').selectOption({ label: 'Scope' });
  await expect(changed).toBeVisible();
  await reader.getByLabel('Til dato').fill('2000-01-01');
  await reader.getByLabel('Fra dato').fill('2000-01-02');
  await expect(reader.getByText('«Til dato» kan ikke være før «Fra dato».', { exact: true })).toBeVisible();
  await reader.getByLabel('Fra dato').fill('1999-12-01');
  await expect(reader.getByText('Ingen endringer passer med filtrene.', { exact: false })).toBeVisible();
  await reader.getByLabel('Til dato').fill('');
  await reader.getByLabel('Fra dato').fill('');
  await expect(changed).toBeVisible();

  // "Last ned som CSV": the selection as a file.
  const [download] = await Promise.all([reader.waitForEvent('download'), reader.getByRole('link', { name: 'Last ned som CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^endringslogg-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Tidspunkt (UTC),Person,E-post,Virksomhet,Organisasjonsnummer,Gjelder også,Miljø,Objekt,Navn,Hendelse,Endringer');
  const line = csv.split('\r\n').find((l) => l.includes('Scope endret') && l.includes(name));
  expect(line).toContain('Anne Tilbyder,admin@tilbyder.test,Demo API-tilbyder AS');
  expect(line).toContain('Beskrivelse: Gammel beskrivelse → Ny beskrivelse');
  // Only scopes, as filtered.
  expect(csv).not.toContain('Integrasjon opprettet');
});
