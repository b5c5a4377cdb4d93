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
  webServer: {
    command: serverBin,
    url: `${baseURL}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LEPTOS_OUTPUT_NAME: 'selvbetjening',
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_ENV: 'PROD',
      DATABASE_URL: `sqlite://${dataDir}/e2e.db?mode=rwc`,
      SELVBETJENING_MODE: 'development',
      PUBLIC_URL: baseURL,
      RUST_LOG: 'warn',
    },
  },
});
