import { test, expect } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createIntegration, login, rsaKey, unique, DEMO_PASSWORD } from './helpers';
import { openArea } from './provider-helpers';

const SHARED = 'tilbyder:eksempel/data.read';
// The self-service API's scopes, shared with the demo consumer.
const API_SCOPES = ['idporten:dcr.read', 'idporten:dcr.write', 'idporten:dcr.modify'];
const CONSUMER = '310000027'; // Demo Konsument AS

const b64url = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

/** An assertion signed in the test (as an integration would), never by the portal. */
function assertion(privatePem: string, kid: string, claims: Record<string, unknown>): string {
  const input = `${b64url({ alg: 'RS256', kid })}.${b64url(claims)}`;
  const sig = crypto.sign('RSA-SHA256', Buffer.from(input), privatePem);
  return `${input}.${b64url(sig)}`;
}

test('a key made with openssl, registered as PEM, gets a token from the portal\'s own endpoint, and the token works the REST API', async ({ page, request }) => {
  const key = rsaKey(); // openssl genrsa 2048
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const name = unique('Tokenklient ');
  const clientId = await createIntegration(page, 'Maskinporten', name, [SHARED, ...API_SCOPES]);

  // The public key, pasted as PEM, becomes a JWK in the browser; its kid is the thumbprint.
  await page.getByRole('button', { name: 'Egne public nøkler' }).click();
  await page.getByLabel('Nøkkel (JWK, JWK-liste, JWKS eller PEM)').fill(key.publicPem);
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('status')).toContainText('Nøkkelen er lagt til');

  // "Hent token": the endpoint and audience with copy buttons, and a ready example.
  await page.getByRole('button', { name: 'Hent token' }).click();
  const issuer = new URL('/maskinporten/ver1/', page.url()).toString();
  await expect(page.getByText(`${issuer}token`, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kopier token-endepunkt' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kopier audience' })).toBeVisible();
  const example = (await page.getByLabel('Eksempel: hent et token med curl').textContent())!;
  expect(example).toContain(clientId);
  expect(example).toContain(SHARED);

  // Run the example as shown, with the private key that never left this machine.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-token-'));
  fs.writeFileSync(path.join(dir, 'privat.pem'), key.privatePem);
  fs.writeFileSync(path.join(dir, 'hent-token.sh'), example);
  const answer = JSON.parse(execFileSync('bash', ['hent-token.sh'], { cwd: dir, encoding: 'utf8' }));
  expect(answer.token_type).toBe('Bearer');
  expect(answer.scope.split(' ').sort()).toEqual([SHARED, ...API_SCOPES].sort());

  // The token verifies against the published keys, and every claim is right.
  const [h, c, s] = answer.access_token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(c, 'base64url').toString());
  const jwks = await (await request.get(`${issuer}jwk`)).json();
  const jwk = jwks.keys.find((k: { kid: string }) => k.kid === header.kid);
  expect(jwk).toBeTruthy();
  const publicKey = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  expect(crypto.verify('RSA-SHA256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s, 'base64url'))).toBe(true);
  expect(claims.iss).toBe(issuer);
  expect(claims.client_id).toBe(clientId);
  expect(claims.client_amr).toBe('private_key_jwt');
  expect(claims.token_type).toBe('Bearer');
  expect(claims.consumer).toEqual({ authority: 'iso6523-actorid-upis', ID: `0192:${CONSUMER}` });
  expect(claims.supplier).toBeUndefined();
  expect(claims.scope).toBe(answer.scope);
  expect(claims.exp - claims.iat).toBe(answer.expires_in);
  expect(Math.abs(claims.iat - Date.now() / 1000)).toBeLessThan(30);
  expect(claims.jti).toBeTruthy();

  // "Test token": a signed assertion pasted on the page shows the token's content…
  const kid = (await page.locator('#token-panel').textContent())!.match(/"kid":"([^"]+)"/)![1];
  const now = Math.floor(Date.now() / 1000);
  const good = assertion(key.privatePem, kid, { aud: issuer, iss: clientId, scope: SHARED, iat: now, exp: now + 60, jti: crypto.randomUUID() });
  const field = page.getByLabel('Signert assertion (JWT)');
  await field.fill(good);
  await page.getByRole('button', { name: 'Test token' }).click();
  await expect(page.getByRole('status')).toContainText('Token utstedt');
  await expect(page.getByLabel('Tokenets innhold')).toContainText(`0192:${CONSUMER}`);
  // …the same one again is refused as a replay, with the reason…
  await page.getByRole('button', { name: 'Test token' }).click();
  await expect(page.getByRole('alert')).toContainText('invalid_grant');
  await expect(page.getByRole('alert')).toContainText('jti has been used before');
  // …a scope the integration does not have is named…
  await field.fill(assertion(key.privatePem, kid, { aud: issuer, iss: clientId, scope: 'tilbyder:finnes/ikke', iat: now, exp: now + 60, jti: crypto.randomUUID() }));
  await page.getByRole('button', { name: 'Test token' }).click();
  await expect(page.getByRole('alert')).toContainText('invalid_scope');
  await expect(page.getByRole('alert')).toContainText('tilbyder:finnes/ikke');
  // …and a private key is refused in the form before anything is sent.
  await field.fill(key.privatePem);
  await expect(page.getByRole('alert')).toContainText('Dette er en privat nøkkel');
});

test('the REST API: an integration and a key made with a token show in the browser; the OpenAPI document validates', async ({ page, request }) => {
  const key = rsaKey();
  await login(page, 'admin@konsument.test', DEMO_PASSWORD);
  await openArea(page, 'Integrasjoner');
  const clientId = await createIntegration(page, 'API-klient', unique('Selvbetjeningsklient '), API_SCOPES);
  await page.getByRole('button', { name: 'Egne public nøkler' }).click();
  await page.getByLabel('Nøkkel (JWK, JWK-liste, JWKS eller PEM)').fill(key.publicPem);
  await page.getByRole('button', { name: 'legg til' }).click();
  await expect(page.getByRole('status')).toContainText('Nøkkelen er lagt til');
  const kid = (await page.locator('table').textContent())!.match(/"kid":\s*"([^"]+)"/)?.[1] ?? '';
  expect(kid).not.toBe('');

  // A token for the API scopes, signed here.
  const issuer = new URL('/maskinporten/ver1/', page.url()).toString();
  const now = Math.floor(Date.now() / 1000);
  const grant = await request.post(`${issuer}token`, {
    form: {
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: assertion(key.privatePem, kid, { aud: issuer, iss: clientId, scope: API_SCOPES.join(' '), iat: now, exp: now + 60, jti: crypto.randomUUID() }),
    },
  });
  expect(grant.status()).toBe(200);
  const bearer = { Authorization: `Bearer ${(await grant.json()).access_token}` };

  // Without a token: 401 with the challenge.
  const refused = await request.get('/api/v1/clients');
  expect(refused.status()).toBe(401);
  expect(refused.headers()['www-authenticate']).toContain('invalid_token');

  // An integration and a key through /api/v1.
  const made = unique('Fra REST ');
  const created = await request.post('/api/v1/clients', { headers: bearer, data: { integration_type: 'maskinporten', name: made, description: 'Laget med REST-API-et', scopes: [SHARED] } });
  expect(created.status()).toBe(201);
  const newId = (await created.json()).client_id;
  const other = rsaKey();
  const keyed = await request.post(`/api/v1/clients/${newId}/keys`, { headers: bearer, data: { key: other.publicPem } });
  expect(keyed.status()).toBe(201);

  // Both in the browser.
  await openArea(page, 'Integrasjoner');
  await page.getByRole('link', { name: made, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: made })).toBeVisible();
  await expect(page.getByText(newId, { exact: true })).toBeVisible();
  await expect(page.getByText(SHARED, { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Egne public nøkler' }).click();
  await expect(page.getByRole('table')).toContainText(other.n);

  // The OpenAPI document is valid OpenAPI 3.1, and its page lists the routes.
  const doc = await (await request.get('/api/v1/openapi.json')).json();
  expect(doc.openapi).toMatch(/^3\.1/);
  await SwaggerParser.validate(structuredClone(doc));
  expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/clients', '/api/v1/clients/{id}/keys', '/api/v1/scopes/{id}/access']));
  await page.goto('/api/v1/docs');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('self-service API');
  await expect(page.getByRole('cell', { name: '/api/v1/clients/{id}/keys/{kid}' })).toBeVisible();
});
