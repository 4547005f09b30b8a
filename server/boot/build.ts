import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { addCompileHints } from "./compile-hints";

const SOURCES = ["app", "components", "server", "db", "lib", "i18n", "public"];
const FILES = ["next.config.ts", "package.json", "package-lock.json", "tsconfig.json", "proxy.ts"];
const STAMP = path.join(".next", "source-hash");

async function* walk(dir: string): AsyncGenerator<string> {
  if (!existsSync(dir)) return;
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (!/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

/** A content hash of everything the production build depends on (mtimes lie after a clone). */
export async function sourceHash(): Promise<string> {
  const hash = createHash("sha256");
  const files: string[] = FILES.filter((f) => existsSync(f));
  for (const dir of SOURCES) for await (const f of walk(dir)) files.push(f);
  for (const file of files.sort()) {
    hash.update(file);
    hash.update(await fs.readFile(file));
  }
  return hash.digest("hex");
}

/**
 * Runs `next build` when there is no build or the sources changed since the last one; either way
 * the browser's scripts carry V8's compile hint (compile-hints.ts), also after a plain `next build`.
 */
export async function buildIfStale(log: (m: string) => void): Promise<void> {
  const current = await sourceHash();
  const previous = existsSync(STAMP) ? (await fs.readFile(STAMP, "utf8")).trim() : "";
  if (previous === current && existsSync(path.join(".next", "BUILD_ID"))) return void addCompileHints();
  log("Building the application (first start or changed sources; takes a minute or two)…");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`))));
    child.on("error", reject);
  });
  addCompileHints();
  await fs.writeFile(STAMP, current);
}
