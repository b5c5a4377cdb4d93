import { test, expect } from '@playwright/test';
import { login, DEMO_PASSWORD } from './helpers';
import { openArea } from './provider-helpers';

test('every page names itself in the title, and the side menu marks where you are', async ({ page }) => {
  await login(page, 'admin@tilbyder.test', DEMO_PASSWORD);
  await expect(page).toHaveTitle('Selvbetjening');
  const menu = page.getByRole('navigation', { name: 'Venstremeny' });

  await menu.getByRole('link', { name: 'Virksomhetens tjenester' }).click();
  await expect(page).toHaveTitle('Virksomhetens tjenester – Selvbetjening');
  await expect(menu.getByRole('link', { name: 'Virksomhetens tjenester' })).toHaveAttribute('aria-current', 'page');

  await openArea(page, 'Integrasjoner');
  await expect(page).toHaveTitle('Integrasjoner – ver1 – Selvbetjening');
  await expect(menu.locator('[aria-current="page"]')).toHaveCount(0);
  await page.getByRole('link', { name: 'Mine API', exact: true }).click();
  await expect(page).toHaveTitle('Mine API – ver1 – Selvbetjening');

  await menu.getByRole('link', { name: 'Endringslogg' }).click();
  await expect(page).toHaveTitle('Endringslogg – Selvbetjening');
  await expect(menu.getByRole('link', { name: 'Endringslogg' })).toHaveAttribute('aria-current', 'page');
  await expect(menu.getByRole('link', { name: 'Virksomhetens tjenester' })).not.toHaveAttribute('aria-current', 'page');

  await menu.getByRole('link', { name: 'Andre med rettigheter til virksomheten' }).click();
  await expect(page).toHaveTitle('Andre med rettigheter til virksomheten – Selvbetjening');

  // Landing directly on a page gives the same title from the server.
  await page.goto('/tjenester/endringslogg');
  await expect(page).toHaveTitle('Endringslogg – Selvbetjening');
});
