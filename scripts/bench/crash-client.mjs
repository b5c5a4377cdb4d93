// Load client for scripts/bench-crash.sh.
//
//   node crash-client.mjs run     writes until WRITES are sent or the server is gone; each
//                                 write the server acknowledged (HTTP 200 with the new id) is
//                                 appended to ACK_LOG at once, before anything else happens.
//                                 After KILL_AT acknowledgements it sends SIGKILL to SERVER_PID.
//   node crash-client.mjs verify  reads every acknowledged id back through the (restarted)
//                                 server: "Mine API" and "Integrasjoner" of each organisation.
//
// Environment: BASE (http://127.0.0.1:port), ACK_LOG, TAG (unique per round, [a-z0-9]),
// WRITES, CONCURRENCY, KILL_AT, SERVER_PID. Prints one JSON line with the counts.
//
// The writes, in turn (one ack line each: kind, id, name, tab-separated):
//   0  admin@tilbyder.test   create_scope  tilbyder:crash/<tag>/n<i>.write    (no client_scopes)
//   1  admin@tilbyder.test   create_client Maskinporten, no scopes             name ends k0
//   2  admin@konsument.test  create_client Maskinporten + tilbyder:eksempel/data.read (k1)
//   3  admin@leverandor.test create_client KRR (gets KRR's two scopes)          (k2)
// The trailing k<n> is how many scopes the integration must have: a check that its rows
// were committed together.
import fs from 'node:fs';
import { connect } from './http.mjs';

const env = (k, d) => process.env[k] ?? d;
const BASE = env('BASE');
const ACK_LOG = env('ACK_LOG');
const TAG = env('TAG', 'x');
const WRITES = Number(env('WRITES', 1000));
const CONCURRENCY = Number(env('CONCURRENCY', 64));
const KILL_AT = Number(env('KILL_AT', 0));
const SERVER_PID = Number(env('SERVER_PID', 0));
const ENVIRONMENT = 'ver1';
const PASSWORD = 'Demopassord1';
const USERS = { tilbyder: 'admin@tilbyder.test', konsument: 'admin@konsument.test', leverandor: 'admin@leverandor.test' };

const api = connect(BASE, { maxSockets: CONCURRENCY + 8 });

async function sessions() {
  const cookies = {};
  for (const [org, email] of Object.entries(USERS)) cookies[org] = await api.login(email, PASSWORD); // sequential
  return cookies;
}

function writeFor(i, cookies) {
  const client = (org, type, scopes, k) => ({
    kind: 'client',
    cookie: cookies[org],
    path: '/api/create_client',
    name: `crash ${TAG} ${i} k${k}`,
    json: (name) => ({
      environment: ENVIRONMENT,
      input: { integration_type: type, name, description: 'Krasjtest', scopes, redirect_uris: '', post_logout_redirect_uris: '' },
    }),
  });
  switch (i % 4) {
    case 0:
      return {
        kind: 'scope',
        cookie: cookies.tilbyder,
        path: '/api/create_scope',
        name: `tilbyder:crash/${TAG}/n${i}.write`,
        json: () => ({
          environment: ENVIRONMENT,
          input: {
            prefix: 'tilbyder', subscope: `crash/${TAG}/n${i}.write`, description: 'Krasjtest', long_description: '',
            visibility: 'PRIVATE', accessible_for_all: false, integration_types: ['maskinporten'], at_max_age: '', delegable: false,
          },
        }),
      };
    case 1:
      return client('tilbyder', 'maskinporten', [], 0);
    case 2:
      return client('konsument', 'maskinporten', ['tilbyder:eksempel/data.read'], 1);
    default:
      return client('leverandor', 'krr', [], 2);
  }
}

async function run() {
  const cookies = await sessions();
  const counts = { sent: 0, acknowledged: 0, refused: {}, network_errors: 0, network_errors_before_kill: 0, killed_at: null, in_flight_at_kill: 0 };
  let next = 0;
  let inFlight = 0;
  let killed = false;
  let serverGone = false;

  async function worker() {
    while (!serverGone && next < WRITES) {
      const i = next++;
      const w = writeFor(i, cookies);
      counts.sent++;
      inFlight++;
      try {
        const r = await api.request('POST', w.path, { json: w.json(w.name), cookie: w.cookie });
        if (r.status === 200) {
          const id = JSON.parse(r.body);
          // The acknowledgement is on disk before the next step: this is what must survive.
          fs.appendFileSync(ACK_LOG, `${w.kind}\t${id}\t${w.name}\n`);
          counts.acknowledged++;
          if (!killed && KILL_AT > 0 && counts.acknowledged >= KILL_AT && SERVER_PID) {
            killed = true;
            counts.killed_at = counts.acknowledged;
            counts.in_flight_at_kill = inFlight - 1;
            try {
              process.kill(SERVER_PID, 'SIGKILL');
            } catch (e) {
              console.error(`kill ${SERVER_PID}: ${e.message}`);
            }
          }
        } else {
          const key = String(r.status);
          counts.refused[key] = (counts.refused[key] ?? 0) + 1;
          if (Object.values(counts.refused).reduce((a, b) => a + b, 0) <= 5) {
            console.error(`write ${i} (${w.path}): HTTP ${r.status} ${r.body.slice(0, 300)}`);
          }
        }
      } catch (e) {
        counts.network_errors++;
        if (!killed) {
          counts.network_errors_before_kill++;
          console.error(`write ${i}: ${e.message}`);
        }
        serverGone = killed; // after the kill, stop sending; before it, an error is reported
      } finally {
        inFlight--;
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  api.close();
  console.log(JSON.stringify(counts));
}

async function verify() {
  const acked = fs.existsSync(ACK_LOG) ? fs.readFileSync(ACK_LOG, 'utf8').split('\n').filter(Boolean).map((l) => l.split('\t')) : [];
  const cookies = await sessions();
  const seen = new Set();
  for (const org of Object.keys(USERS)) {
    for (const fn of ['my_scopes', 'my_clients']) {
      const r = await api.request('GET', `/api/${fn}?environment=${ENVIRONMENT}`, { cookie: cookies[org] });
      if (r.status !== 200) throw new Error(`${fn} as ${USERS[org]}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
      for (const item of JSON.parse(r.body)) seen.add(String(item.id ?? item.client_id));
    }
  }
  const missing = acked.filter(([, id]) => !seen.has(id)).map(([kind, id, name]) => ({ kind, id, name }));
  api.close();
  console.log(JSON.stringify({ acknowledged: acked.length, read_back: acked.length - missing.length, missing: missing.slice(0, 20) }));
}

const mode = process.argv[2];
(mode === 'verify' ? verify() : run()).catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
