import { expect, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const DEMO_PASSWORD = 'Demopassord1';
export const PASSWORD = 'et langt passord';

/** A unique local part, so every run and test has its own people. */
export function unique(prefix: string): string {
  return `${prefix}${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
}

/** "Min profil" → "Logg inn"; lands on the front page with the organisation's name. */
export async function login(page: Page, email: string, password: string) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Min profil' }).click();
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(password);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await expect(page.getByRole('heading', { name: /Velkommen/ })).toBeVisible();
}

export async function logout(page: Page) {
  await page.getByRole('link', { name: 'Min profil' }).click();
  await page.getByRole('button', { name: 'Logg ut', exact: true }).click();
  await expect(page.getByRole('link', { name: /registrer deg/i })).toBeVisible();
}

/** "Min profil" → "Registrer deg" → fill → submit; then confirms through the mailbox page. */
export async function registerAndConfirm(page: Page, name: string, email: string, orgName: string) {
  await page.goto('/');
  await page.getByRole('link', { name: 'Min profil' }).click();
  await page.getByRole('link', { name: 'Registrer deg' }).click();
  await page.getByLabel('Navn').fill(name);
  await page.getByLabel('E-post').fill(email);
  await page.getByLabel('Passord').fill(PASSWORD);
  await expect(page.getByText(`Du blir knyttet til ${orgName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Registrer deg' }).click();
  await expect(page.getByText('Sjekk søppelpost')).toBeVisible();
  await page.goto('/dev/mailbox');
  await page.getByRole('article', { name: `E-post til ${email}` }).getByRole('link').first().click();
  await expect(page.getByText('E-postadressen er bekreftet')).toBeVisible();
}

function base32Decode(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits), `offsetSteps` steps from now. */
export function totp(secret: string, offsetSteps = 0): string {
  const counter = Math.floor(Date.now() / 1000 / 30) + offsetSteps;
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(counter));
  const h = crypto.createHmac('sha1', base32Decode(secret)).update(buf).digest();
  const o = h[19] & 0xf;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Runs openssl in a temp dir; returns the named output files' contents. */
export function openssl(script: string[][], outputs: string[]): Record<string, string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-keys-'));
  for (const args of script) execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  return Object.fromEntries(outputs.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

export function rsaKey() {
  const files = openssl(
    [['genrsa', '-out', 'private.pem', '2048'], ['rsa', '-in', 'private.pem', '-pubout', '-out', 'public.pem'], ['rsa', '-in', 'private.pem', '-noout', '-modulus', '-out', 'modulus.txt']],
    ['private.pem', 'public.pem', 'modulus.txt'],
  );
  const hex = files['modulus.txt'].trim().replace(/^Modulus=/, '');
  const n = Buffer.from(hex, 'hex').toString('base64url');
  return { privatePem: files['private.pem'], publicPem: files['public.pem'], n };
}

/** A self-signed certificate for `subject`, valid for `days` from now. */
export function certificate(subject: string, days = 365) {
  return openssl(
    [['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', String(days), '-subj', subject,
      '-addext', 'keyUsage=critical,digitalSignature']],
    ['cert.pem'],
  )['cert.pem'];
}

/** "Ny integrasjon" → "Difi-tjeneste" → name, description → (scopes) → "Opprett"; returns the client_id. */
export async function createIntegration(page: Page, type: string, name: string, scopes: string[] = []) {
  await page.getByRole('button', { name: 'Ny integrasjon' }).click();
  await page.getByLabel('Difi-tjeneste').selectOption(type);
  await page.getByLabel('Navn', { exact: true }).fill(name);
  await page.getByLabel('Beskrivelse', { exact: true }).fill(`Beskrivelse av ${name}`);
  if (scopes.length) {
    await page.getByRole('button', { name: 'Legg til scopes' }).click();
    for (const s of scopes) await page.getByLabel(s, { exact: true }).check();
    await page.getByRole('button', { name: 'Legg til', exact: true }).click();
  }
  await page.getByRole('button', { name: 'Opprett' }).click();
  // "Opprett" lands on the integration's page, with its client_id to copy.
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('Integrasjonen er opprettet');
  const clientId = (await page.locator('code.client-id').textContent())!.trim();
  expect(clientId).toMatch(UUID);
  await expect(page.getByRole('button', { name: 'Kopier client_id' })).toBeVisible();
  return clientId;
}

