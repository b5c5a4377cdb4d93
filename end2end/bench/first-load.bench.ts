import { test, expect, Browser, BrowserContext } from '@playwright/test';
import { DEMO_PASSWORD, createIntegration, login } from '../tests/helpers';
import { openArea } from '../tests/provider-helpers';

// First load of four pages, cold (empty cache) and warm (the same browser again), in
// headless Chromium against the release server: bytes on the wire by type, requests, and
// the time until the app has hydrated (`main[data-hydrated]`, set when hydration is done).
// Prints a table; it measures, it does not judge (scripts/bench-size.sh prints the goals).

const RUNS = Number(process.env.RUNS ?? 7);
// What says "hydrated". Builds before the marker existed enabled the page's fieldset then:
// HYDRATED_SELECTOR='fieldset.page:not([disabled])' measures those.
const MARKER = process.env.HYDRATED_SELECTOR ?? 'main[data-hydrated]';
const KINDS = ['html', 'css', 'js', 'wasm', 'data'] as const;
type Kind = (typeof KINDS)[number];
type Sample = { bytes: Record<Kind, number>; requests: number; hydratedMs: number; htmlMs: number };

function kind(type: string, url: string): Kind {
  if (type === 'Document') return 'html';
  if (type === 'Stylesheet') return 'css';
  if (url.endsWith('.wasm')) return 'wasm';
  if (type === 'Script' || url.endsWith('.js')) return 'js';
  return 'data';
}

/** Opens `url` in a new page of `context` and measures it until the network is quiet. */
async function visit(context: BrowserContext, url: string): Promise<Sample> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const kinds = new Map<string, Kind>();
  const cached = new Set<string>();
  const bytes = { html: 0, css: 0, js: 0, wasm: 0, data: 0 };
  let requests = 0;
  cdp.on('Network.requestWillBeSent', (e) => kinds.set(e.requestId, kind(e.type ?? '', e.request.url)));
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.loadingFinished', (e) => {
    if (cached.has(e.requestId) || e.encodedDataLength === 0) return;
    bytes[kinds.get(e.requestId) ?? 'data'] += e.encodedDataLength;
    requests += 1;
  });
  // The moment the marker appears, on the page's own clock (0 = navigation start).
  await page.addInitScript((marker) => {
    new MutationObserver((_, observer) => {
      if (document.querySelector(marker)) {
        (window as any).__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  }, MARKER);
  await page.goto(url);
  await page.waitForSelector(MARKER, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const hydratedMs = await page.evaluate(() => (window as any).__hydratedAt as number);
  // When the server's page had arrived in full: the part of "hydrated" spent rendering it.
  const htmlMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd);
  await page.close();
  return { bytes, requests, hydratedMs, htmlMs };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n: number) => (n / 1000).toFixed(1);

test('first load: bytes, requests and time to hydrated, cold and warm', async ({ browser, baseURL }) => {
  // Two people: the consumer (integrations) and the provider (APIs), logged in once; each
  // measured visit gets their cookies in a fresh context, so the cache starts empty.
  const sessions: Record<string, Awaited<ReturnType<BrowserContext['storageState']>>> = {};
  let integration = '';
  for (const [who, email] of [['consumer', 'admin@konsument.test'], ['provider', 'admin@tilbyder.test']]) {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await login(page, email, DEMO_PASSWORD);
    if (who === 'consumer') {
      await openArea(page, 'Integrasjoner');
      await createIntegration(page, 'Maskinporten', `Målt integrasjon ${Date.now()}`);
      integration = new URL(page.url()).pathname;
    }
    sessions[who] = await context.storageState();
    await context.close();
  }
  const pages = [
    { name: 'Forsiden', path: '/', who: null },
    { name: 'Integrasjoner', path: '/tjenester/ver1/integrasjoner', who: 'consumer' },
    { name: 'Integrasjonen', path: integration, who: 'consumer' },
    { name: 'Mine API', path: '/tjenester/ver1/mine-api', who: 'provider' },
  ];
  const rows: string[][] = [];
  const summary: { page: string; coldKB: number; hydratedP50: number }[] = [];
  for (const p of pages) {
    const cold: Sample[] = [];
    const warm: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await (browser as Browser).newContext({ baseURL, storageState: p.who ? sessions[p.who] : undefined });
      cold.push(await visit(context, p.path));
      warm.push(await visit(context, p.path));
      await context.close();
    }
    for (const [visitName, samples] of [['cold', cold], ['warm', warm]] as const) {
      const s = samples[samples.length - 1];
      const total = KINDS.reduce((sum, k) => sum + s.bytes[k], 0);
      const p50 = median(samples.map((x) => x.hydratedMs));
      const html50 = median(samples.map((x) => x.htmlMs));
      rows.push([p.name, visitName, ...KINDS.map((k) => kb(s.bytes[k])), kb(total), String(s.requests), html50.toFixed(0), p50.toFixed(0)]);
      if (visitName === 'cold') summary.push({ page: p.name, coldKB: total / 1000, hydratedP50: p50 });
    }
    expect(cold.every((s) => s.hydratedMs > 0)).toBe(true);
  }
  const header = ['page', 'visit', 'HTML kB', 'CSS kB', 'JS kB', 'WASM kB', 'data kB', 'total kB', 'requests', 'page in ms', `hydrated ms (p50 of ${RUNS})`];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(['', 'First load (bytes as transferred, compressed; kB = 1000 bytes)', line(header), ...rows.map(line)].join('\n'));
  for (const s of summary) {
    console.log(`GOAL ${s.page}: first load ${s.coldKB.toFixed(1)} kB ${s.coldKB <= 250 ? '<=' : '>'} 250 kB; hydrated p50 ${s.hydratedP50.toFixed(0)} ms ${s.hydratedP50 <= 300 ? '<=' : '>'} 300 ms`);
  }
});
