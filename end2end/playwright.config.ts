import { defineConfig } from '@playwright/test';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The server under test: the release build from `cargo leptos build --release`, on its own
// port with a fresh SQLite database in development mode (demo data and /dev/mailbox).
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
const repo = path.resolve(__dirname, '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(repo, 'target');
const serverBin = process.env.E2E_SERVER_BIN ?? path.join(targetDir, 'release', 'server');
const siteRoot = process.env.E2E_SITE_ROOT ?? path.join(repo, 'target', 'site');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'selvbetjening-e2e-'));

const serverEnv = (addr: string, databaseURL: string) => ({
  LEPTOS_OUTPUT_NAME: 'selvbetjening',
  LEPTOS_SITE_ROOT: siteRoot,
  LEPTOS_SITE_PKG_DIR: 'pkg',
  LEPTOS_SITE_ADDR: addr,
  LEPTOS_ENV: 'PROD',
  DATABASE_URL: databaseURL,
  SELVBETJENING_MODE: 'development',
  PUBLIC_URL: `http://${addr}`,
  RUST_LOG: 'warn',
});

// With E2E_POSTGRES_URL (a fresh database; scripts/test.sh makes one), two more server
// processes share it, so the live test can prove they stay in step (LISTEN/NOTIFY).
const pgServers = process.env.E2E_POSTGRES_URL
  ? [port + 1, port + 2].map((p) => ({
      command: serverBin,
      url: `http://127.0.0.1:${p}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
      env: serverEnv(`127.0.0.1:${p}`, process.env.E2E_POSTGRES_URL!),
    }))
  : [];
if (pgServers.length) {
  process.env.E2E_PG_URL_A = `http://127.0.0.1:${port + 1}`;
  process.env.E2E_PG_URL_B = `http://127.0.0.1:${port + 2}`;
}

export default defineConfig({
  testDir: './tests',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright must not download a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: serverBin,
      url: `${baseURL}/`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      env: serverEnv(`127.0.0.1:${port}`, `sqlite://${dataDir}/e2e.db?mode=rwc`),
    },
    ...pgServers,
  ],
});
