import { expect, Page } from '@playwright/test';

/** "Virksomhetens tjenester" → "Administrasjon av tjenester" → environment → `area`. */
export async function openArea(page: Page, area: 'Mine API' | 'Integrasjoner', environment = 'ver1') {
  await page.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await page.getByRole('link', { name: 'Administrasjon av tjenester' }).click();
  await page.getByLabel('Miljø').selectOption(environment);
  await page.getByRole('link', { name: area, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`^${area}`) })).toBeVisible();
}

/** "Nytt scope" → fields → "Opprett"; returns the full scope name. */
export async function createScope(page: Page, prefix: string, subscope: string, description: string) {
  await page.getByRole('button', { name: 'Nytt scope' }).click();
  await page.getByLabel('Prefiks').selectOption(prefix);
  await page.getByLabel('Subscope').fill(subscope);
  await page.getByLabel('Beskrivelse', { exact: true }).fill(description);
  await page.getByRole('button', { name: 'Opprett' }).click();
  const name = `${prefix}:${subscope}`;
  await expect(page.getByRole('status')).toContainText(`${name} er opprettet`);
  return name;
}

/** From "Mine API": open the scope's page. */
export async function openScope(page: Page, name: string) {
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

/** "Legg til tilgang" → organisation number → "Legg til". */
export async function addAccess(page: Page, orgNumber: string) {
  await page.getByRole('button', { name: 'Legg til tilgang' }).click();
  await page.getByLabel('Organisasjonsnummer').fill(orgNumber);
  await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: orgNumber })).toBeVisible();
}
