import { test, expect, Browser, Page } from '@playwright/test';
import { login, unique, DEMO_PASSWORD } from './helpers';
import { openArea } from './provider-helpers';

// Demo Konsument AS holds the seeded Altinn rights; Demo Leverandør AS is the supplier.
// These journeys share that pair, so they run one after the other and each ends with
// nothing delegated.
test.describe.configure({ mode: 'serial' });

const READ_RIGHT = 'Altinn tjenesteeier-API: Appinstanser (lesetilgang)';
const FULL_RIGHT = 'Altinn tjenesteeier-API: Appinstanser (full tilgang)';
const READ = 'altinn:serviceowner/instances.read';
const CUSTOMER = 'Demo Konsument AS (310000027)';
const SUPPLIER = 'Demo Leverandør AS';

async function as(browser: Browser, baseURL: string | undefined, email: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL });
  const page = await ctx.newPage();
  await login(page, email, DEMO_PASSWORD);
  return page;
}

/** The customer's "Andre med rettigheter": the supplier's row → "Gi eller fjerne tilgang". */
async function openSupplier(page: Page) {
  await page.goto('/rettigheter');
  await page.getByRole('row').filter({ hasText: SUPPLIER }).getByRole('button', { name: 'Gi eller fjerne tilgang' }).click();
}

async function removeRight(page: Page, right: string) {
  await page.getByRole('button', { name: 'Fjern en eller flere rettigheter' }).click();
  await page.getByLabel(right).check();
  await page.getByRole('button', { name: 'Fjern', exact: true }).click();
  await expect(page.getByText('Rettighetene er fjernet.')).toBeVisible();
}

test('a customer delegates an API to its supplier, who acts for it; removal, "Angre", removal', async ({ browser, baseURL }) => {
  const supplier = await as(browser, baseURL, 'admin@leverandor.test');
  await supplier.goto('/tjenester/api-tilganger');
  await expect(supplier.getByRole('heading', { level: 1, name: 'Tilgang til programmeringsgrensesnitt - API' })).toBeVisible();
  await expect(supplier.getByText('Ingen kunder har delegert API-tilganger til virksomheten.')).toBeVisible();

  // The guides' path: "Virksomhetens tjenester" → "Tilgang til programmeringsgrensesnitt - API"
  // → "Gi og fjerne tilganger" → "Deleger nytt API" → org number → "Neste" → "+" → "Neste" → "Bekreft".
  const customer = await as(browser, baseURL, 'admin@konsument.test');
  await customer.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await customer.getByRole('link', { name: 'Tilgang til programmeringsgrensesnitt - API' }).click();
  await customer.getByRole('button', { name: 'Gi og fjerne tilganger' }).click();
  await customer.getByRole('button', { name: 'Deleger nytt API' }).click();
  await customer.getByLabel('Organisasjonsnummer').fill('310000036');
  await customer.getByRole('button', { name: 'Neste' }).click();
  await expect(customer.getByText(/Organisasjonsnummeret er ikke gyldig|kontrollsiffer/i).first()).toBeVisible();
  // Each step's errors are summed up at the top, as in the other forms: the summary takes
  // focus and leads to the field.
  const summary = customer.getByRole('alert').filter({ hasText: 'Rett opp dette før du går videre' });
  await expect(summary).toBeFocused();
  await summary.getByRole('link', { name: 'Organisasjonsnummer' }).click();
  await expect(customer.getByLabel('Organisasjonsnummer')).toBeFocused();
  await customer.getByLabel('Organisasjonsnummer').fill('310000035');
  await expect(customer.getByLabel(`${SUPPLIER} (310000035)`)).toBeChecked();
  await customer.getByRole('button', { name: 'Neste' }).click();
  await expect(summary).toHaveCount(0);
  // Exact: "tjenesteeier" in the rights' "Legg til …" buttons contains "neste".
  await customer.getByRole('button', { name: 'Neste', exact: true }).click();
  await expect(customer.getByText('Legg til minst én rettighet med «+».')).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Rettigheter' })).toBeVisible();
  await customer.getByLabel('Søk etter rettighet').fill('lesetilgang');
  await expect(customer.getByRole('button', { name: `Legg til ${FULL_RIGHT}` })).toHaveCount(0);
  await customer.getByRole('button', { name: `Legg til ${READ_RIGHT}` }).click();
  await customer.getByRole('button', { name: 'Neste' }).click();
  await expect(customer.getByText(READ_RIGHT)).toBeVisible();
  await customer.getByRole('button', { name: 'Bekreft' }).click();
  await expect(customer.getByText('API-tilgangen er delegert.')).toBeVisible();
  await expect(customer.getByRole('region', { name: `${SUPPLIER} (310000035)` })).toContainText(READ_RIGHT);

  // The supplier sees it arrive without reloading.
  await expect(supplier.getByRole('row').filter({ hasText: 'Demo Konsument AS' })).toContainText(READ_RIGHT, { timeout: 5000 });

  // "For en kunde": "Legg til scopes" lists exactly what the customer delegated.
  await openArea(supplier, 'Integrasjoner');
  await supplier.getByRole('button', { name: 'Ny integrasjon' }).click();
  await supplier.getByLabel('For en kunde').selectOption({ label: CUSTOMER });
  const name = unique('Kundesystem ');
  await supplier.getByLabel('Navn', { exact: true }).fill(name);
  await supplier.getByLabel('Beskrivelse', { exact: true }).fill('Henter appinstanser for kunden');
  await supplier.getByRole('button', { name: 'Legg til scopes' }).click();
  const picker = supplier.getByRole('dialog');
  await expect(picker.getByRole('checkbox')).toHaveCount(1);
  await picker.getByLabel(READ, { exact: true }).check();
  await supplier.getByRole('button', { name: 'Legg til', exact: true }).click();
  await supplier.getByRole('button', { name: 'Opprett' }).click();
  await expect(supplier.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(supplier.getByText(CUSTOMER)).toBeVisible();
  const scopeLine = supplier.getByRole('listitem').filter({ hasText: READ });
  await expect(scopeLine).not.toContainText('kan ikke brukes nå');

  // The customer sees the integration, made by the supplier.
  await openArea(customer, 'Integrasjoner');
  await expect(customer.getByRole('row').filter({ hasText: name })).toContainText(`Opprettet av leverandør ${SUPPLIER}`);

  // …and in its "Endringslogg": the supplier acted, for the customer, and the customer
  // sees who at the supplier did it.
  await customer.getByRole('navigation', { name: 'Venstremeny' }).getByRole('link', { name: 'Endringslogg' }).click();
  const entry = customer.getByRole('row').filter({ hasText: name }).filter({ hasText: 'Integrasjon opprettet' });
  await expect(entry).toContainText(`${SUPPLIER} (310000035)`);
  await expect(entry).toContainText(`For kunden: ${CUSTOMER}`);
  await expect(entry).toContainText('Lise Leverandør');
  await expect(entry).toContainText('admin@leverandor.test');
  await expect(entry.getByRole('listitem').filter({ hasText: 'Scopes' })).toContainText(READ);

  // Removed through "Andre med rettigheter", given back with "Angre", removed again: the
  // supplier's integration marks the scope at once.
  await openSupplier(customer);
  await removeRight(customer, READ_RIGHT);
  await expect(scopeLine).toContainText('kan ikke brukes nå', { timeout: 5000 });
  await customer.getByRole('button', { name: 'Angre' }).click();
  await expect(customer.getByText('Rettighetene er gitt tilbake.')).toBeVisible();
  await expect(scopeLine).not.toContainText('kan ikke brukes nå', { timeout: 5000 });
  await expect(customer.getByRole('region', { name: `${SUPPLIER} (310000035)` })).toContainText(READ_RIGHT);
  await removeRight(customer, READ_RIGHT);
  await expect(scopeLine).toContainText('kan ikke brukes nå', { timeout: 5000 });
});

test('seed 004: the full access right through "Andre med rettigheter til virksomheten", then removed', async ({ page }) => {
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await page.getByRole('link', { name: 'Andre med rettigheter til virksomheten' }).click();
  await page.getByLabel('Organisasjonsnummer').fill('310000035');
  await expect(page.getByText(`Virksomhet: ${SUPPLIER} (310000035)`)).toBeVisible();
  await page.getByLabel(FULL_RIGHT).check();
  await page.getByRole('button', { name: 'Bekreft' }).click();
  await expect(page.getByText('Rettighetene er gitt til virksomheten.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: SUPPLIER })).toContainText(FULL_RIGHT);
  await openSupplier(page);
  await removeRight(page, FULL_RIGHT);
  await expect(page.getByText('Virksomheten har ingen rettigheter fra dere lenger.')).toBeVisible();
});

test('a sub-unit delegates to its main unit; nobody delegates to itself', async ({ browser, baseURL }) => {
  const sub = await as(browser, baseURL, 'admin@nord.konsument.test');
  await sub.goto('/tjenester/api-tilganger');
  await sub.getByRole('button', { name: 'Gi og fjerne tilganger' }).click();
  await sub.getByRole('button', { name: 'Deleger nytt API' }).click();
  await sub.getByLabel('Organisasjonsnummer').fill('310000043');
  await sub.getByRole('button', { name: 'Neste' }).click();
  await sub.getByRole('button', { name: `Legg til ${READ_RIGHT}` }).click();
  await sub.getByRole('button', { name: 'Neste' }).click();
  await sub.getByRole('button', { name: 'Bekreft' }).click();
  await expect(sub.getByText(/kan ikke delegere til seg selv/)).toBeVisible();

  await sub.getByRole('button', { name: 'Tilbake' }).click();
  await sub.getByRole('button', { name: 'Tilbake' }).click();
  await sub.getByLabel('Organisasjonsnummer').fill('310000027');
  await expect(sub.getByLabel(CUSTOMER)).toBeChecked();
  await sub.getByRole('button', { name: 'Neste' }).click();
  // The right chosen before is still chosen.
  await expect(sub.getByRole('list', { name: 'Valgte rettigheter' })).toContainText(READ_RIGHT);
  await sub.getByRole('button', { name: 'Neste' }).click();
  await sub.getByRole('button', { name: 'Bekreft' }).click();
  await expect(sub.getByText('API-tilgangen er delegert.')).toBeVisible();

  const main = await as(browser, baseURL, 'admin@konsument.test');
  await main.goto('/tjenester/api-tilganger');
  await expect(main.getByRole('row').filter({ hasText: 'Demo Konsument AS avdeling Nord' })).toContainText(READ_RIGHT);
  // Clean up: the sub-unit removes it again.
  await sub.getByRole('button', { name: 'Fjern en eller flere rettigheter' }).click();
  await sub.getByLabel(READ_RIGHT).check();
  await sub.getByRole('button', { name: 'Fjern', exact: true }).click();
  await expect(sub.getByText('Rettighetene er fjernet.')).toBeVisible();
  await expect(main.getByRole('row').filter({ hasText: 'Demo Konsument AS avdeling Nord' })).toHaveCount(0, { timeout: 5000 });
});
