import { defineConfig } from '@playwright/test';
import base from '../playwright.config';

// The first-load benchmark (scripts/bench-size.sh): the journeys' server and browser
// settings, but only the *.bench.ts files here, which measure and print rather than test.
export default defineConfig({
  ...base,
  testDir: __dirname,
  testMatch: /.*\.bench\.ts$/,
  timeout: 600_000,
  // Only the SQLite server: the PostgreSQL pair is for the live journey.
  webServer: Array.isArray(base.webServer) ? base.webServer[0] : base.webServer,
});
