// Mutation testing (npm run test:mutation): slow, so not part of npm test. docs/TESTING.md has the score.
const CRITICAL = [
  "lib/auth.ts",
  "lib/dal.ts",
  "lib/privacy/export.ts",
  "app/api/account/export/route.ts",
  "lib/relay/sign.ts",
  "lib/relay/secrets.ts",
  "lib/security/sessions.ts",
  // The relay's signature checks: Standard Webhooks, and Twilio's signed URL and X-Twilio-Signature.
  "lib/relay/standard.ts:26-49",
  "lib/relay/twilio.ts:25-63",
];
/** The tests written for that subset: the rest of the suite can only kill more, so its score is a lower bound. */
const CRITICAL_TESTS = [
  "lib/auth.test.ts",
  "lib/dal.test.ts",
  "app/(auth)/actions.test.ts",
  "app/api/auth/**/route.test.ts",
  "app/api/account/export/route.test.ts",
  "lib/security/sessions.test.ts",
  "lib/relay/sign.test.ts",
  "lib/relay/secrets.test.ts",
  "lib/relay/routes.test.ts",
  "lib/relay/standard.test.ts",
  "lib/relay/twilio-signature.test.ts",
  "lib/privacy/privacy.test.ts",
  "lib/privacy/export.test.ts",
];
const ALL = [
  "lib/protection/**/*.ts",
  "lib/relay/**/*.ts",
  "lib/security/**/*.ts",
  "lib/privacy/**/*.ts",
  "lib/auth.ts",
  "lib/dal.ts",
  "app/api/**/route.ts",
  "!**/*.test.ts",
  // The parser's corpus: notices and what a reader should take from each, read only by its test.
  "!lib/protection/pickup-corpus.ts",
];

// Mutants run on PGlite only: a test that can use either driver (drivers() in lib/testing/db.ts) takes the
// server too only with TEST_DATABASE_URL, and each server database costs a create, a migration and a drop.
// The race tests, which need the server, still use it (serverDb).
delete process.env.TEST_DATABASE_URL;

/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
export default {
  mutate: process.env.MUTATION_SCOPE === "critical" ? CRITICAL : ALL,
  ...(process.env.MUTATION_SCOPE === "critical" ? { testFiles: CRITICAL_TESTS } : {}),
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.ts", related: true },
  // Each mutant runs only the tests that reached it in the dry run.
  coverageAnalysis: "perTest",
  checkers: ["typescript"],
  tsconfigFile: "tsconfig.json",
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // A static mutant (a module-level constant) would need every test for each run; they are listed, not run.
  ignoreStatic: true,
  // Two runners on a 2-core machine; each runs its mutants' tests one file at a time.
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  // A mutant's time limit is 3 × its tests' time in the dry run + 30 s: a busy machine is not an infinite loop.
  timeoutFactor: 3,
  timeoutMS: 30_000,
  // The dry run of the whole scope is most of the suite: the default 5 minutes is too short under load.
  dryRunTimeoutMinutes: 90,
  // Committed: each run reuses every result whose mutant and covering tests did not change, so runs of
  // parts of the scope add up (a run keeps the results of files it did not mutate).
  incremental: true,
  incrementalFile: "stryker-incremental.json",
  // The event recorder writes each mutant's result as it comes, so an interrupted run still tells something.
  reporters: ["clear-text", "progress", "html", "json", "event-recorder"],
  eventReporter: { baseDir: "reports/mutation/events" },
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 80, break: null },
  ignorePatterns: [".data*", ".next", "test-results", "playwright-report", "blob-report", "reports"],
  tempDirName: ".stryker-tmp",
};
