// Load client for scripts/bench-load.sh.
//
// Setup (before the clock starts): PREFILL integrations per demo organisation in ver1 (so
// "Integrasjoner" lists something), then SESSIONS logins, one after another, spread over the
// six demo people (each person logged in several times: correct passwords are not limited).
//
// Run, DURATION seconds: every session loops without pause over the list calls of ver1 —
// my_clients, my_scopes, available_scopes and the rendered page GET
// /tjenester/ver1/integrasjoner — and, every WRITE_EVERY-th turn of an administrator's
// session, a write in ver2 (an integration, or for the provider a scope), so the measured
// lists keep their size. Meanwhile LOGINS logins arrive in bursts of LOGIN_BURST at random
// moments (correct passwords, the six people in turn), none waiting for another: the
// password-work limiter answers some of them 429. SERVER_PID's VmRSS is sampled every second.
//
// Prints one JSON object with the counts, latencies and memory.
import fs from 'node:fs';
import { connect, percentile } from './http.mjs';

const env = (k, d) => process.env[k] ?? d;
const BASE = env('BASE');
const SESSIONS = Number(env('SESSIONS', 64));
const DURATION = Number(env('DURATION', 60));
const LOGINS = Number(env('LOGINS', 300));
const PREFILL = Number(env('PREFILL', 50));
const LOGIN_BURST = Math.max(1, Number(env('LOGIN_BURST', 30)));
const WRITE_EVERY = Number(env('WRITE_EVERY', 20));
const SERVER_PID = Number(env('SERVER_PID', 0));
const PASSWORD = 'Demopassord1';
const PEOPLE = [
  { email: 'admin@tilbyder.test', org: 'tilbyder', admin: true },
  { email: 'admin@konsument.test', org: 'konsument', admin: true },
  { email: 'admin@leverandor.test', org: 'leverandor', admin: true },
  { email: 'bruker@tilbyder.test', org: 'tilbyder', admin: false },
  { email: 'bruker@konsument.test', org: 'konsument', admin: false },
  { email: 'bruker@leverandor.test', org: 'leverandor', admin: false },
];

const api = connect(BASE, { maxSockets: SESSIONS + LOGINS + 16 });
const READS = [
  ['my_clients', '/api/my_clients?environment=ver1'],
  ['my_scopes', '/api/my_scopes?environment=ver1'],
  ['available_scopes', '/api/available_scopes?environment=ver1'],
  ['page', '/tjenester/ver1/integrasjoner'],
];
const LIST_KINDS = ['my_clients', 'my_scopes', 'available_scopes'];

function memory() {
  if (!SERVER_PID) return null;
  try {
    const status = fs.readFileSync(`/proc/${SERVER_PID}/status`, 'utf8');
    const kb = (k) => Number((status.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')) || [])[1] || 0);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null; // the server is gone: bench-load.sh notices
  }
}

/** CPU seconds the server has used (utime + stime; clock ticks of 1/100 s on Linux). */
function serverCpu() {
  if (!SERVER_PID) return null;
  try {
    const stat = fs.readFileSync(`/proc/${SERVER_PID}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

let serial = 0;
function write(person, cookie, environment) {
  const i = serial++;
  const client = (type, scopes) => ({
    path: '/api/create_client',
    json: { environment, input: { integration_type: type, name: `last ${i}`, description: 'Lasttest', scopes, redirect_uris: '', post_logout_redirect_uris: '' } },
  });
  let w;
  if (person.org === 'tilbyder' && i % 2 === 0) {
    w = {
      path: '/api/create_scope',
      json: {
        environment,
        input: {
          prefix: 'tilbyder', subscope: `last/n${i}.read`, description: 'Lasttest', long_description: '', visibility: 'PUBLIC',
          accessible_for_all: false, integration_types: ['maskinporten'], at_max_age: '', delegable: false,
        },
      },
    };
  } else if (person.org === 'konsument') {
    w = client('maskinporten', ['tilbyder:eksempel/data.read']);
  } else if (person.org === 'leverandor') {
    w = client('krr', []);
  } else {
    w = client('api_klient', []);
  }
  return api.request('POST', w.path, { json: w.json, cookie });
}

async function main() {
  // Setup: one login per person for the prefill, then the sessions.
  const admins = {};
  for (const p of PEOPLE.filter((p) => p.admin)) admins[p.org] = await api.login(p.email, PASSWORD);
  for (let n = 0; n < PREFILL; n++) {
    for (const p of PEOPLE.filter((p) => p.admin)) {
      const r = await write(p, admins[p.org], 'ver1');
      if (r.status !== 200) throw new Error(`prefill: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    }
  }
  const sessions = [];
  for (let s = 0; s < SESSIONS; s++) {
    const person = PEOPLE[s % PEOPLE.length];
    sessions.push({ person, cookie: await api.login(person.email, PASSWORD) });
  }

  const counts = {}; // kind → { ok, '4xx', '5xx', network, other }
  const latencies = {}; // kind → [ms]
  const errors = [];
  const count = (kind, key) => {
    counts[kind] ??= { 200: 0, 429: 0, '4xx': 0, '5xx': 0, network: 0, other: 0 };
    counts[kind][key] = (counts[kind][key] ?? 0) + 1;
  };
  const classify = (kind, r) => {
    if (r.status === 200) count(kind, 200);
    else if (r.status === 429) {
      count(kind, 429);
      // Which limiter: the password work ("Mange logger inn akkurat nå") or the attempts
      // per account, address and account+address ("For mange mislykkede innloggingsforsøk"; attempts
      // in progress count until they succeed).
      if (kind === 'login') count(kind, r.body.includes('akkurat nå') ? '429 hashing busy' : '429 attempt limits');
    }
    else if (r.status >= 500) count(kind, '5xx');
    else if (r.status >= 400) count(kind, '4xx');
    else count(kind, 'other');
    if (r.status !== 200 && !(kind === 'login' && r.status === 429) && errors.length < 10) {
      errors.push(`${kind}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    }
  };

  const mem0 = memory();
  let maxRss = mem0?.rss ?? 0;
  const rssSamples = [];
  const sampler = setInterval(() => {
    const m = memory();
    if (m) {
      maxRss = Math.max(maxRss, m.rss);
      rssSamples.push(m.rss);
    }
  }, 1000);

  const cpu0 = { server: serverCpu(), client: process.cpuUsage() };
  const t0 = Date.now();
  const end = t0 + DURATION * 1000;

  async function session(s, index) {
    let turn = index; // start the sessions at different places in the cycle
    while (Date.now() < end) {
      turn++;
      let kind;
      let p;
      if (s.person.admin && turn % WRITE_EVERY === 0) {
        kind = 'write';
        p = write(s.person, s.cookie, 'ver2');
      } else {
        const [k, path] = READS[turn % READS.length];
        kind = k;
        p = api.request('GET', path, { cookie: s.cookie });
      }
      try {
        const r = await p;
        classify(kind, r);
        (latencies[kind] ??= []).push(r.ms);
      } catch (e) {
        count(kind, 'network');
        if (errors.length < 10) errors.push(`${kind}: ${e.message}`);
      }
    }
  }

  // Logins arrive in bursts of LOGIN_BURST at random moments within the first 90 % (a
  // burst is everyone arriving at nine o'clock), so the password-work limiter is tested.
  const logins = [];
  let burstAt = 0;
  for (let n = 0; n < LOGINS; n++) {
    if (n % LOGIN_BURST === 0) burstAt = Math.random() * DURATION * 900;
    const at = burstAt;
    const person = PEOPLE[n % PEOPLE.length];
    logins.push(
      new Promise((done) => setTimeout(done, at)).then(async () => {
        try {
          const r = await api.request('POST', '/api/login', { json: { email: person.email, password: PASSWORD } });
          classify('login', r);
          (latencies.login ??= []).push(r.ms);
        } catch (e) {
          count('login', 'network');
          if (errors.length < 10) errors.push(`login: ${e.message}`);
        }
      }),
    );
  }

  await Promise.all([...sessions.map(session), ...logins]);
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(sampler);
  const mem1 = memory();
  const cpuServer = serverCpu();
  const cpuClient = process.cpuUsage(cpu0.client);
  api.close();

  const stats = (arr) => {
    const s = [...(arr ?? [])].sort((a, b) => a - b);
    return { n: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
  };
  const list = LIST_KINDS.flatMap((k) => latencies[k] ?? []);
  const result = {
    seconds,
    sessions: SESSIONS,
    counts,
    latency: Object.fromEntries([...Object.keys(latencies).map((k) => [k, stats(latencies[k])]), ['lists', stats(list)]]),
    rss_kb: { start: mem0?.rss ?? null, max: Math.max(maxRss, mem1?.rss ?? 0), end: mem1?.rss ?? null, hwm: mem1?.hwm ?? null, samples: rssSamples.length },
    cpu_seconds: {
      server: cpuServer != null && cpu0.server != null ? cpuServer - cpu0.server : null,
      client: (cpuClient.user + cpuClient.system) / 1e6,
    },
    errors,
  };
  console.log(JSON.stringify(result));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
