// Small HTTP helpers for the benchmark clients (scripts/bench-crash.sh, scripts/bench-load.sh):
// keep-alive connections, server functions called as the browser calls them (JSON body, no
// Origin header, so the CSRF check lets them through), the session cookie kept per caller.
import http from 'node:http';

export function connect(base, { maxSockets = 256 } = {}) {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets });

  /** One request; resolves { status, body, ms, cookie } or rejects on a network error. */
  function request(method, path, { json, cookie, timeoutMs = 60_000 } = {}) {
    return new Promise((resolve, reject) => {
      const payload = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
      const headers = { accept: 'application/json' };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      if (cookie) headers.cookie = cookie;
      const t0 = process.hrtime.bigint();
      const req = http.request(
        { host: url.hostname, port: url.port, method, path, headers, agent, timeout: timeoutMs },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - t0) / 1e6;
            const set = res.headers['set-cookie'] || [];
            const session = set.map((c) => c.split(';')[0]).find((c) => c.startsWith('sb_session='));
            resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms, cookie: session });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** Logs in; returns the `sb_session=…` cookie or throws with the status and body. */
  async function login(email, password) {
    for (let attempt = 0; ; attempt++) {
      const r = await request('POST', '/api/login', { json: { email, password } });
      if (r.status === 200 && r.cookie) return r.cookie;
      // The password-work limiter answers 429 when busy; setup logins are sequential, so wait.
      if (r.status === 429 && attempt < 10) {
        await new Promise((ok) => setTimeout(ok, 1000));
        continue;
      }
      throw new Error(`login ${email}: HTTP ${r.status} ${r.body.slice(0, 200)}`);
    }
  }

  return { request, login, close: () => agent.destroy() };
}

/** Percentile (0..100) of a sorted array of numbers. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
