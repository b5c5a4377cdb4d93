// Load client for scripts/bench-token.sh: the token endpoint under CONNECTIONS concurrent
// keep-alive connections.
//
// Setup (before the clock starts): logs in as the demo consumer, creates a Maskinporten
// integration with the demo scope shared with it, registers a fresh RSA-2048 public key
// (made here), and pre-signs ASSERTIONS assertions, each with its own jti, valid for the
// whole run (iat a few seconds ahead, exp 120 s after iat). Signing is the integration's
// work, not the server's, so it is done before the run.
//
// Run, DURATION seconds (or until the assertions are used up): every connection posts the
// next assertion to /maskinporten/ver1/token without pause.
//
// Prints one JSON object: grants, seconds, status counts, latency percentiles, CPU seconds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { connect, percentile } from './http.mjs';

const env = (k, d) => process.env[k] ?? d;
const BASE = env('BASE');
const CONNECTIONS = Number(env('CONNECTIONS', 64));
const DURATION = Number(env('DURATION', 15));
const ASSERTIONS = Number(env('ASSERTIONS', 2500 * DURATION));
const SERVER_PID = Number(env('SERVER_PID', 0));
const SCOPE = 'tilbyder:eksempel/data.read';

const b64url = (b) => Buffer.from(b).toString('base64url');

function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

async function setup() {
  const api = connect(BASE);
  const cookie = await api.login('admin@konsument.test', 'Demopassord1');
  const made = await api.request('POST', '/api/create_client', {
    cookie,
    json: { environment: 'ver1', input: { integration_type: 'maskinporten', name: `Tokenlast ${Date.now()}`, description: 'Lasttest av token-endepunktet', scopes: [SCOPE], redirect_uris: '', post_logout_redirect_uris: '' } },
  });
  if (made.status !== 200) throw new Error(`create_client: HTTP ${made.status} ${made.body.slice(0, 200)}`);
  const clientId = JSON.parse(made.body);
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  const kid = 'last';
  const keys = JSON.stringify([{ kty: 'RSA', e: jwk.e, use: 'sig', kid, alg: 'RS256', n: jwk.n }]);
  const added = await api.request('POST', '/api/add_client_keys', { cookie, json: { id: clientId, keys } });
  if (added.status !== 200) throw new Error(`add_client_keys: HTTP ${added.status} ${added.body.slice(0, 200)}`);
  api.close();
  return { clientId, kid, privateKey };
}

function presign({ clientId, kid, privateKey }) {
  const issuer = `${BASE}/maskinporten/ver1/`;
  const header = b64url(JSON.stringify({ alg: 'RS256', kid }));
  const iat = Math.floor(Date.now() / 1000) + 8;
  const out = [];
  const t0 = Date.now();
  for (let i = 0; i < ASSERTIONS; i++) {
    const claims = b64url(JSON.stringify({ aud: issuer, iss: clientId, scope: SCOPE, iat, exp: iat + 120, jti: crypto.randomUUID() }));
    const input = `${header}.${claims}`;
    const sig = crypto.sign('RSA-SHA256', Buffer.from(input), privateKey);
    out.push(Buffer.from(`grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=${input}.${b64url(sig)}`));
    // Assertions expire 128 s after signing started: leave the run enough of them.
    if (Date.now() - t0 > 60_000) break;
  }
  return out;
}

async function run(bodies) {
  const url = new URL(BASE);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const counts = {};
  const ms = [];
  const errors = [];
  let next = 0;
  const cpu0 = cpuSeconds(SERVER_PID);
  const t0 = process.hrtime.bigint();
  const deadline = Date.now() + DURATION * 1000;
  const one = (body) =>
    new Promise((resolve) => {
      const start = process.hrtime.bigint();
      const req = http.request(
        {
          host: url.hostname, port: url.port, method: 'POST', path: '/maskinporten/ver1/token', agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            ms.push(Number(process.hrtime.bigint() - start) / 1e6);
            const key = String(res.statusCode);
            counts[key] = (counts[key] ?? 0) + 1;
            if (res.statusCode !== 200 && errors.length < 5) errors.push(`${res.statusCode} ${Buffer.concat(chunks).toString().slice(0, 200)}`);
            resolve();
          });
        },
      );
      req.on('error', (e) => {
        counts.network = (counts.network ?? 0) + 1;
        if (errors.length < 5) errors.push(e.message);
        resolve();
      });
      req.end(body);
    });
  const loops = Array.from({ length: CONNECTIONS }, async () => {
    while (Date.now() < deadline && next < bodies.length) await one(bodies[next++]);
  });
  await Promise.all(loops);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = cpuSeconds(SERVER_PID);
  agent.destroy();
  ms.sort((a, b) => a - b);
  return {
    requests: ms.length,
    grants: counts['200'] ?? 0,
    seconds,
    ran_out: next >= bodies.length,
    counts,
    errors,
    latency: { p50: percentile(ms, 50), p90: percentile(ms, 90), p99: percentile(ms, 99), max: ms[ms.length - 1] },
    server_cpu_seconds: cpu0 != null && cpu1 != null ? cpu1 - cpu0 : null,
  };
}

const client = await setup();
const t = Date.now();
const bodies = presign(client);
const signing = { assertions: bodies.length, seconds: (Date.now() - t) / 1000 };
const result = await run(bodies);
console.log(JSON.stringify({ ...result, signing, connections: CONNECTIONS }));
