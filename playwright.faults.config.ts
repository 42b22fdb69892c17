import { defineConfig } from "@playwright/test";

/** `npm run test:faults`: the fault suite (faults/), one worker, against a server and database of its own. */
export default defineConfig({
  testDir: "faults",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  timeout: 180_000,
  outputDir: "test-results/faults",
  reporter: [["list"], ["json", { outputFile: ".test-results/faults.json" }]],
});
