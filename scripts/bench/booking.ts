/**
 * npm run bench:booking — N simulated specialists (default 32) book sessions at once through the
 * real HTTP tRPC endpoint of server.ts, signed in, with deliberate room clashes, against a
 * database that already holds a realistic number of sessions; then pgbench runs the equivalent
 * INSERT on the same database, then book_session itself (the database's part of a booking,
 * without HTTP or Node: the ceiling of any request path), then only the rows a booking writes,
 * without and with its audit row (what the data model alone allows). Prints figures; the LAST
 * line is one JSON object.
 *
 * After BENCH_WARMUP seconds of the same load (not measured), a quarter of the attempts
 * (BENCH_CLASH_SHARE) aim at a room and hour already booked; the rest at free ones.
 *
 * requestPathRatio: HTTP booking attempts/s divided by pgbench's book_session attempts/s at the
 * same concurrency, i.e. how much of the database's own rate the request path keeps. Then an
 * open-loop run (BENCH_OPEN_SECONDS) sends bookings at a fixed arrival rate of half the measured
 * HTTP capacity, whether or not earlier ones have answered, as people booking independently
 * would: openLoopP99Ms is what a person feels on a busy but not saturated server.
 *
 * cpuBoundRatio: the requestPathRatio the cores allow. Both runs keep the cores busy, so each
 * rate is the cores' time over the CPU one attempt costs: PostgreSQL + pgbench for book_session,
 * PostgreSQL + server.ts + this load generator for HTTP (all measured from /proc). serverCpuMsFor09
 * is the server CPU per request at which these cores would allow 0.9.
 *
 * keyedRequestPathRatio: the same closed loop with an idempotency key in every booking, as the
 * booking dialog sends it, so that the booking, its key and its answer commit in one transaction;
 * requestPathRatio is the booking without a key (API callers, and the series of figures since #16).
 *
 * floorRatio: the same closed-loop load against floor-server.ts, a bare node:http server around
 * one prepared book_session call through postgres.js (no sign-in, tRPC, validation or live
 * events), over pgbench's book_session rate: the most any request path in Node keeps on these
 * cores, beside floorServerCpuMsPerAttempt, its CPU per request, and floorCpuBoundRatio, what the
 * CPU of one floor attempt (PostgreSQL, floor server, load generator) allows, as cpuBoundRatio.
 *
 * BENCH_PROFILE=<dir> writes a V8 CPU profile of the server, BENCH_PERF=<file> a Linux perf record of
 * its measured run (recordPerf).
 *
 *   BENCH_CLIENTS=32 BENCH_SECONDS=15 BENCH_WARMUP=3 BENCH_OPEN_SECONDS=10 BENCH_CLASH_SHARE=0.25 BENCH_ROOMS=24 BENCH_HISTORY=50000 npm run bench:booking
 */
import { spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import superjson from "superjson";
import {
  clients,
  clientTeamMembers,
  clientUnits,
  employeeRoles,
  employees,
  employeeUnits,
  rolePermissions,
  roles,
  rooms,
  units,
} from "@/db/schema";
import { createPool } from "@/server/db/client";
import { freePort } from "@/server/db/embedded";
import { ensureStandardCatalogue } from "@/server/seed/catalogue";
import { estonianCheckDigit } from "@/lib/identifiers";
import { HttpLoad } from "./http-load";
import { DURABLE, percentile, round1, sessionCookie, startBenchDatabase, startServer, type BenchServer } from "./harness";

const N = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ROOMS = Number(process.env.BENCH_ROOMS ?? 24);
const HISTORY = Number(process.env.BENCH_HISTORY ?? 50_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3);
const CLASH_SHARE = Number(process.env.BENCH_CLASH_SHARE ?? 0.25);
const OPEN_SECONDS = Number(process.env.BENCH_OPEN_SECONDS ?? 10);
const OPEN_SHARE = 0.5;
// Sessions may be booked at most two years ahead (sessions_time_plausible): the warm-up takes the first
// WARMUP_DAYS days from tomorrow, the measured run the DAYS after them, the open-loop run the
// OPEN_DAYS after those, all inside 700 days.
const WARMUP_DAYS = 100;
const DAYS = 400;
const OPEN_DAYS = 200;
const TOMORROW = Math.ceil(Date.now() / 86_400_000) * 86_400_000 + 6 * 3_600_000;
const log = (m: string) => console.log(`[bench:booking] ${m}`);
const round2 = (x: number) => Math.round(x * 100) / 100;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
/** Every answered attempt of a run: booked, refused as a clash, or failed. */
const attemptsOf = (t: { booked: number; conflicts: number; errors: number }) => t.booked + t.conflicts + t.errors;

/** [own, reaped children's] CPU ms of a process from /proc/<pid>/stat (ticks of 10 ms; Linux only). */
function procCpuMs(pid: number | "self"): [number, number] {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return [(Number(f[11]) + Number(f[12])) * 10, (Number(f[13]) + Number(f[14])) * 10];
  } catch {
    return [0, 0];
  }
}

/**
 * CPU ms the embedded PostgreSQL has used so far: the postmaster, its live children (backends,
 * checkpointer, WAL writer) and the backends that have exited, whose time the postmaster collects
 * when it reaps them.
 */
function postgresCpuMs(dataDir: string): number {
  const postmaster = Number(readFileSync(path.join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  const [own, reaped] = procCpuMs(postmaster);
  let live = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      if (ppid === postmaster) live += procCpuMs(Number(entry))[0];
    } catch {
      /* exited while listing */
    }
  }
  return own + reaped + live;
}

function ensurePgbench(): string {
  const found = spawnSync("sh", ["-c", "command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | tail -1"], {
    encoding: "utf8",
  }).stdout.trim();
  if (found) return found.split("\n")[0]!;
  if (process.getuid?.() === 0) {
    log("pgbench is missing: installing Debian's postgresql-contrib…");
    spawnSync("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-contrib >/dev/null"], {
      stdio: "inherit",
    });
    return ensurePgbench();
  }
  throw new Error("pgbench is missing; install Debian's postgresql-contrib");
}

/**
 * BENCH_PERF=<file>: Linux perf samples the server's CPU during the measured run (perf record -g,
 * with V8's map of its compiled functions). Unlike BENCH_PROFILE's V8 profile, which samples by
 * the clock and so charges a socket write with the time the server then waited for a core, perf
 * counts only time on a core: `perf report -i <file> --no-children --sort dso,sym`.
 */
function recordPerf(pid: number, file: string, seconds: number): Promise<void> {
  const child = spawn(
    "perf",
    ["record", "-F", "499", "-e", "cpu-clock", "-g", "-o", file, "-p", String(pid), "--", "sleep", String(seconds)],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", (err) => {
      log(`perf did not run (${err.message}); install Debian's linux-perf`);
      resolve();
    });
  });
}

/** Starts floor-server.ts on the database and waits until it listens. */
async function startFloorServer(databaseUrl: string, unitId: string): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench/floor-server.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), BENCH_UNIT: unitId },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`floor-server.ts exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    cpuMs: () => procCpuMs(child.pid!)[0],
    pid: child.pid!,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const code = (i: number) => {
  const base = `3${String(70 + (i % 30)).padStart(2, "0")}0101${String(i).padStart(3, "0")}`;
  return base + estonianCheckDigit(base);
};

async function main() {
  const pgbench = ensurePgbench();
  const embedded = await startBenchDatabase("booking");
  let server: BenchServer | undefined;
  let floor: BenchServer | undefined;
  try {
    log("preparing data…");
    const { db, sql } = createPool(embedded.url, 4);
    const catalogue = await ensureStandardCatalogue(db);
    const serviceId = catalogue.services.get("2010")!;
    const [unit] = await db.insert(units).values({ name: "Bench" }).returning({ id: units.id });
    const role = await db.transaction(async (tx) => {
      const [row] = await tx.insert(roles).values({ name: "Bench specialist" }).returning({ id: roles.id });
      await tx.insert(rolePermissions).values([
        { roleId: row!.id, resource: "sessions", action: "book", scope: "own" },
        { roleId: row!.id, resource: "sessions", action: "read", scope: "own" },
        { roleId: row!.id, resource: "clients", action: "read", scope: "own" },
      ]);
      return row;
    });
    const makeRooms = (unitId: string, prefix: string) =>
      db
        .insert(rooms)
        .values(Array.from({ length: ROOMS }, (_, i) => ({ name: `${prefix} ${i + 1}`, unitId, capacity: 4 })))
        .returning({ id: rooms.id });
    const makePeople = async (unitId: string, first: number) => {
      const made: { employeeId: string; clientId: string }[] = [];
      for (let i = first; i < first + N; i++) {
        const [e] = await db
          .insert(employees)
          .values({ personalCode: code(i), firstName: "Spetsialist", lastName: `${i}` })
          .returning({ id: employees.id });
        await db.insert(employeeUnits).values({ employeeId: e!.id, unitId });
        await db.insert(employeeRoles).values({ employeeId: e!.id, roleId: role!.id });
        const [c] = await db
          .insert(clients)
          .values({ firstName: "Klient", lastName: `${i}`, birthDate: "1980-01-01", caseManagerId: e!.id })
          .returning({ id: clients.id });
        await db.insert(clientUnits).values({ clientId: c!.id, unitId });
        await db.insert(clientTeamMembers).values({ clientId: c!.id, employeeId: e!.id });
        made.push({ employeeId: e!.id, clientId: c!.id });
      }
      return made;
    };
    const roomRows = await makeRooms(unit!.id, "Ruum");
    const people = await makePeople(unit!.id, 0);
    // A year of history: HISTORY one-hour sessions in the past, spread over the rooms.
    await sql`INSERT INTO sessions (service_id, room_id, starts_at, ends_at, status)
      SELECT ${serviceId}, r.id, ts, ts + interval '1 hour', 'done'
      FROM (SELECT id, row_number() OVER () - 1 AS n FROM rooms) r,
           LATERAL (SELECT timestamptz '2025-01-01 06:00+00' + (g * interval '1 hour') AS ts
                    FROM generate_series(0, ${Math.ceil(HISTORY / ROOMS) - 1}) g) t`;
    const [storedRow] = await sql<{ n: string }[]>`SELECT count(*) AS n FROM sessions`;
    const stored = storedRow!.n;
    log(`${stored} sessions already stored, ${ROOMS} rooms, ${N} specialists`);
    const cookies = await Promise.all(people.map((p) => sessionCookie(db, p.employeeId)));
    // The floor run's own unit, rooms, specialists and clients (after the history, which is in
    // the first rooms only): it books on the measured run's days as into an empty calendar, as
    // that run did, rather than into the rooms and hours the HTTP runs filled.
    const [floorUnit] = await db.insert(units).values({ name: "Bench floor" }).returning({ id: units.id });
    const floorRooms = await makeRooms(floorUnit!.id, "Põrand");
    const floorPeople = await makePeople(floorUnit!.id, N);
    // The same for the run with idempotency keys, whose people sign in.
    const [keyedUnit] = await db.insert(units).values({ name: "Bench keyed" }).returning({ id: units.id });
    const keyedRooms = await makeRooms(keyedUnit!.id, "Võti");
    const keyedPeople = await makePeople(keyedUnit!.id, 2 * N);
    const keyedCookies = await Promise.all(keyedPeople.map((p) => sessionCookie(db, p.employeeId)));
    await sql.end();

    log("starting server.ts (builds first if the build is stale)…");
    server = await startServer(embedded.url);
    const base = server.url;

    // Each attempt either books a fresh slot (a random room and hour in the next DAYS days, a
    // space the run cannot fill) or, with the share CLASH_SHARE, deliberately the room and hour
    // of a session another specialist booked: the clashes stay a steady part of the load
    // instead of taking it over as the calendar fills.
    type Slot = { room: string; startsAt: Date };
    const fresh = (from: number, days: number): Slot => {
      const hour = Math.floor(Math.random() * days * 10);
      return {
        room: activeRooms[Math.floor(Math.random() * ROOMS)]!.id,
        startsAt: new Date(from + (Math.floor(hour / 10) * 24 + (hour % 10)) * 3_600_000),
      };
    };
    // started: when each attempt was due (performance.now()), beside its latency.
    type Tally = { latencies: number[]; started: number[]; booked: number; conflicts: number; errors: number };
    // Plain sockets, not node:http or fetch: the load runs on the same two cores (http-load.ts).
    let load = new HttpLoad(base);
    let bookPath = "/api/trpc/scheduling.sessions.book";
    let [activePeople, activeRooms, activeCookies, keys] = [people, roomRows, cookies, false];
    const attempt = async (i: number, slot: Slot, taken: Slot[], tally: Tally, started: number) => {
      const p = activePeople[i]!;
      const input = {
        serviceId,
        roomId: slot.room,
        startsAt: slot.startsAt,
        endsAt: new Date(slot.startsAt.getTime() + 3_600_000),
        specialistIds: [p.employeeId],
        participants: [{ clientId: p.clientId, decisionId: null }],
        notes: "",
        // As the booking dialog sends it: one key per submission (components/ui/use-submission-key.ts).
        ...(keys ? { idempotencyKey: randomUUID() } : {}),
      };
      // A request that failed on the way counts as an error, never as an unhandled rejection that
      // ends the benchmark (the open loop awaits its requests only at the end).
      const status = await load.post(bookPath, activeCookies[i]!, JSON.stringify(superjson.serialize(input))).then(
        (answer) => answer.status,
        (err: unknown) => {
          countFailure(String((err as NodeJS.ErrnoException).code ?? err));
          return 0;
        },
      );
      tally.latencies.push(performance.now() - started);
      tally.started.push(started);
      if (status === 200) {
        tally.booked++;
        taken.push(slot);
      } else if (status === 409) tally.conflicts++;
      else {
        tally.errors++;
        if (status !== 0) countFailure(`HTTP ${status}`);
      }
    };
    const pick = (taken: Slot[], from: number, days: number) =>
      taken.length && Math.random() < CLASH_SHARE ? taken[Math.floor(Math.random() * taken.length)]! : fresh(from, days);
    // Closed loop: each specialist books again as soon as the last booking answered.
    const run = async (seconds: number, from: number, days: number) => {
      const taken: Slot[] = [];
      const tally: Tally = { latencies: [], started: [], booked: 0, conflicts: 0, errors: 0 };
      const deadline = Date.now() + seconds * 1000;
      await Promise.all(
        people.map(async (_p, i) => {
          while (Date.now() < deadline) await attempt(i, pick(taken, from, days), taken, tally, performance.now());
        }),
      );
      return tally;
    };
    // Open loop: the k-th booking is due at k / rate seconds and its latency counts from then, so
    // a slow answer delays nobody's start and a queue in the server shows up in the figures.
    const openLoop = async (rate: number, seconds: number, from: number, days: number) => {
      const taken: Slot[] = [];
      const tally: Tally = { latencies: [], started: [], booked: 0, conflicts: 0, errors: 0 };
      const total = Math.floor(rate * seconds);
      const start = performance.now();
      const pending: Promise<void>[] = [];
      for (let k = 0; k < total;) {
        const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
        for (; k < due; k++) pending.push(attempt(k % N, pick(taken, from, days), taken, tally, start + (k * 1000) / rate));
        await new Promise((r) => setTimeout(r, 1));
      }
      await Promise.all(pending);
      return { ...tally, start };
    };
    // Warm-up in days of its own: JIT, plan caches and connections, not measured.
    log(`warming up with ${N} concurrent specialists for ${WARMUP} s…`);
    const warmup = await run(WARMUP, TOMORROW, WARMUP_DAYS);
    log(`booking with ${N} concurrent specialists for ${SECONDS} s…`);
    // The server's own CPU per booking: unlike the rates, it barely moves when other work shares the cores.
    const cpuBefore = server.cpuMs();
    const dbCpuBefore = postgresCpuMs(embedded.dataDir);
    const perf = process.env.BENCH_PERF ? recordPerf(server.pid, process.env.BENCH_PERF, SECONDS) : null;
    const loadCpuBefore = process.cpuUsage();
    const { latencies, booked, conflicts, errors } = await run(SECONDS, TOMORROW + WARMUP_DAYS * 86_400_000, DAYS);
    await perf;
    const measuredAttempts = Math.max(1, attemptsOf({ booked, conflicts, errors }));
    const serverCpuMsPerAttempt = round2((server.cpuMs() - cpuBefore) / measuredAttempts);
    // Where the CPU of one HTTP booking goes: the database, the server, and this load generator,
    // all on the same cores (see cpuBoundRatio below).
    const dbCpuMsPerAttempt = (postgresCpuMs(embedded.dataDir) - dbCpuBefore) / measuredAttempts;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const loadCpuMsPerAttempt = (loadCpu.user + loadCpu.system) / 1000 / measuredAttempts;
    const loadAverage = round1(os.loadavg()[0]!);
    const elapsed = SECONDS;
    const openLoopRate = Math.round((attemptsOf({ booked, conflicts, errors }) / elapsed) * OPEN_SHARE);
    log(`open loop: ${openLoopRate} bookings/s arriving for ${OPEN_SECONDS} s (${OPEN_SHARE * 100} % of the measured capacity)…`);
    const open = await openLoop(openLoopRate, OPEN_SECONDS, TOMORROW + (WARMUP_DAYS + DAYS) * 86_400_000, OPEN_DAYS);
    // Where the slow answers fall: in one second of the run (a stall of the host, a pause of the
    // server or the database) or spread over it (a queue).
    const seconds = new Map<number, number[]>();
    open.started.forEach((at, i) => {
      const second = Math.floor((at - open.start) / 1000);
      if (!seconds.has(second)) seconds.set(second, []);
      seconds.get(second)!.push(open.latencies[i]!);
    });
    const slowSeconds = [...seconds].filter(([, l]) => l.some((ms) => ms > 50)).map(([second]) => second);
    const openLoopMaxMs = round1(Math.max(0, ...open.latencies));
    open.latencies.sort((a, b) => a - b);

    // The booking dialog sends an idempotency key with every booking, and then the booking, its
    // key and its answer commit together in one transaction (server/idempotency/keys.ts): the
    // same closed loop with keys, with rooms and people of its own on the measured run's days.
    log(`with idempotency keys, as the booking dialog sends them, for ${SECONDS} s…`);
    [activePeople, activeRooms, activeCookies, keys] = [keyedPeople, keyedRooms, keyedCookies, true];
    await run(WARMUP, TOMORROW, WARMUP_DAYS);
    const keyedCpuBefore = server.cpuMs();
    const keyedRun = await run(SECONDS, TOMORROW + WARMUP_DAYS * 86_400_000, DAYS);
    const keyedAttempts = Math.max(1, attemptsOf(keyedRun));
    const keyedServerCpuMs = (server.cpuMs() - keyedCpuBefore) / keyedAttempts;
    keyedRun.latencies.sort((a, b) => a - b);

    const check = postgres(embedded.url, { max: 1, onnotice: () => {} });
    const [overlapRow] = await check<{ overlaps: string }[]>`
      SELECT (SELECT count(*) FROM sessions a JOIN sessions b ON a.room_id = b.room_id AND a.id < b.id
                AND a.status <> 'cancelled' AND b.status <> 'cancelled'
                AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at))
           + (SELECT count(*) FROM session_specialists a JOIN session_specialists b ON a.employee_id = b.employee_id AND a.session_id < b.session_id
                AND a.active AND b.active AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)) AS overlaps`;
    const overlaps = overlapRow!.overlaps;
    await check.end();
    load.close();
    await server.stop();
    server = undefined;

    // The floor: the same closed-loop load against the least a Node server can do for a booking
    // (floor-server.ts: node:http, one prepared book_session call, nothing else), on the days of
    // the measured run again but with rooms, specialists and clients of its own (a second space
    // of days that size would pass the two years ahead a session may be booked). What it keeps
    // of pgbench's rate bounds any request path in Node on these cores.
    log(`floor: the same load through a bare Node server (floor-server.ts) for ${SECONDS} s…`);
    floor = await startFloorServer(embedded.url, floorUnit!.id);
    load = new HttpLoad(floor.url);
    bookPath = "/";
    [activePeople, activeRooms, keys] = [floorPeople, floorRooms, false];
    await run(WARMUP, TOMORROW, WARMUP_DAYS);
    const floorCpuBefore = floor.cpuMs();
    const floorDbCpuBefore = postgresCpuMs(embedded.dataDir);
    const floorLoadCpuBefore = process.cpuUsage();
    const floorRun = await run(SECONDS, TOMORROW + WARMUP_DAYS * 86_400_000, DAYS);
    const floorAttempts = Math.max(1, attemptsOf(floorRun));
    const floorServerCpuMs = (floor.cpuMs() - floorCpuBefore) / floorAttempts;
    const floorLoadCpu = process.cpuUsage(floorLoadCpuBefore);
    // Everything one floor attempt costs on these cores: PostgreSQL, the bare server, the load.
    const floorCpuMs =
      (postgresCpuMs(embedded.dataDir) - floorDbCpuBefore) / floorAttempts +
      floorServerCpuMs +
      (floorLoadCpu.user + floorLoadCpu.system) / 1000 / floorAttempts;
    load.close();
    await floor.stop();
    floor = undefined;

    const url = new URL(embedded.url);
    // CPU ms per transaction of the last pgbench run: PostgreSQL's and pgbench's own.
    const lastRunCpu = { dbMsPerCall: 0, pgbenchMsPerCall: 0 };
    const pgbenchTpsOf = (name: string, sql: string, args: string[] = []) => {
      const script = path.join(embedded.dataDir, `${name}.sql`);
      writeFileSync(script, sql);
      const dbBefore = postgresCpuMs(embedded.dataDir);
      const pgbenchBefore = procCpuMs("self")[1];
      const run = spawnSync(
        pgbench,
        [
          "-n",
          ...args,
          "-c",
          String(N),
          "-j",
          "2",
          "-T",
          "10",
          "-f",
          script,
          "-h",
          url.hostname,
          "-p",
          url.port,
          "-U",
          url.username,
          url.pathname.slice(1),
        ],
        {
          env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
          encoding: "utf8",
        },
      );
      const tps = /tps = ([\d.]+)/.exec(run.stdout);
      if (!tps) throw new Error(`pgbench failed: ${run.stderr || run.stdout}`);
      const calls = Math.max(1, Number(/number of transactions actually processed: (\d+)/.exec(run.stdout)?.[1] ?? Number(tps[1]) * 10));
      lastRunCpu.dbMsPerCall = (postgresCpuMs(embedded.dataDir) - dbBefore) / calls;
      lastRunCpu.pgbenchMsPerCall = (procCpuMs("self")[1] - pgbenchBefore) / calls;
      return Number(tps[1]);
    };

    log("pgbench: the same INSERT (one session in a random room and hour) at the same concurrency…");
    // Room ids in an array once per connection would need a session variable; an ordered OFFSET
    // over 24 rows is as cheap and keeps the script plain SQL.
    const pgbenchTps = pgbenchTpsOf(
      "insert",
      `\\set room random(0, ${ROOMS - 1})
\\set slot random(0, 299)
\\set week random(0, 99)
INSERT INTO sessions (service_id, room_id, starts_at, ends_at, status)
VALUES ('${serviceId}', (SELECT id FROM rooms WHERE unit_id = '${unit!.id}' ORDER BY id OFFSET :room LIMIT 1),
        date_trunc('day', now()) + interval '1 day 6 hours' + (:week * 168 + (:slot / 10) * 24 + :slot % 10) * interval '1 hour',
        date_trunc('day', now()) + interval '1 day 7 hours' + (:week * 168 + (:slot / 10) * 24 + :slot % 10) * interval '1 hour', 'planned')
ON CONFLICT DO NOTHING;
`,
    );

    // The database's own ceiling for this load: pgbench calls book_session (what one booking
    // request runs in PostgreSQL) directly, prepared, for free slots, with no HTTP or Node at all.
    log("pgbench: book_session itself, no HTTP, at the same concurrency…");
    const pairs = people.map((p, i) => `(${i}, '${p.employeeId}'::uuid, '${p.clientId}'::uuid)`).join(", ");
    const bookSessionTps = pgbenchTpsOf(
      "book_session",
      `\\set p random(0, ${N - 1})
\\set room random(0, ${ROOMS - 1})
\\set slot random(0, 6999)
SELECT book_session('own', ARRAY['${unit!.id}']::uuid[], e, 'own', '{}', gen_random_uuid(), NULL, '${serviceId}',
  (SELECT id FROM rooms WHERE unit_id = '${unit!.id}' ORDER BY id OFFSET :room LIMIT 1),
  date_trunc('day', now()) + interval '1 day 6 hours' + (:slot / 10 * 24 + :slot % 10) * interval '1 hour',
  date_trunc('day', now()) + interval '1 day 7 hours' + (:slot / 10 * 24 + :slot % 10) * interval '1 hour',
  ARRAY[e], ARRAY[c], ARRAY[NULL::uuid], '', NULL, '{}')
FROM (VALUES ${pairs}) AS bench(i, e, c) WHERE i = :p;
`,
      ["-M", "prepared"],
    );
    const bookSessionCpu = { ...lastRunCpu };

    // What the data model alone costs: the rows a booking writes (its session, specialist and
    // participant, each under its exclusion constraint, foreign keys and triggers), in one call,
    // with none of the rules, locks or clash probe, and then with its audit row too. No request
    // path can book faster than its own rows can be written.
    log("pgbench: only the rows of a booking, then the rows and the audit row, no rules…");
    const rows = postgres(embedded.url, { max: 1, onnotice: () => {} });
    await rows.unsafe(`CREATE FUNCTION bench_booking_rows(p_room uuid, p_employee uuid, p_client uuid, p_start timestamptz, p_audit boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  sid uuid := gen_random_uuid();
  finish timestamptz := p_start + interval '1 hour';
BEGIN
  INSERT INTO sessions (id, service_id, room_id, starts_at, ends_at) VALUES (sid, '${serviceId}', p_room, p_start, finish) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN RETURN false; END IF;
  INSERT INTO session_specialists (session_id, employee_id, starts_at, ends_at) VALUES (sid, p_employee, p_start, finish) ON CONFLICT DO NOTHING;
  INSERT INTO session_participants (session_id, client_id, starts_at, ends_at) VALUES (sid, p_client, p_start, finish) ON CONFLICT DO NOTHING;
  IF p_audit THEN
    INSERT INTO audit_log (actor_employee_id, action, client_id, target_type, target_id) VALUES (p_employee, 'session.book', p_client, 'session', sid::text);
  END IF;
  RETURN true;
END $$`);
    await rows.end();
    const rowsScript = (audit: boolean) => `\\set p random(0, ${N - 1})
\\set room random(0, ${ROOMS - 1})
\\set slot random(0, 6999)
SELECT bench_booking_rows((SELECT id FROM rooms WHERE unit_id = '${unit!.id}' ORDER BY id OFFSET :room LIMIT 1), e, c,
  date_trunc('day', now()) + interval '1 day 6 hours' + (:slot / 10 * 24 + :slot % 10) * interval '1 hour', ${audit})
FROM (VALUES ${pairs}) AS bench(i, e, c) WHERE i = :p;
`;
    const rowsOnlyTps = pgbenchTpsOf("rows", rowsScript(false), ["-M", "prepared"]);
    const rowsAndAuditTps = pgbenchTpsOf("rows_audit", rowsScript(true), ["-M", "prepared"]);

    latencies.sort((a, b) => a - b);
    const attempts = attemptsOf({ booked, conflicts, errors });
    const bookingsPerSec = attempts / elapsed;
    // When both runs keep the cores busy, each rate is the cores' time divided by the CPU one
    // attempt costs on them, so the ratio the hardware allows is the ratio of those costs: pgbench's
    // (PostgreSQL running book_session, plus pgbench) over HTTP's (PostgreSQL for the same
    // booking, plus server.ts, plus this load generator). On a machine with cores to spare the
    // rates stop being CPU-bound and the ratio can approach 1.
    const bookSessionCpuMs = bookSessionCpu.dbMsPerCall + bookSessionCpu.pgbenchMsPerCall;
    const httpCpuMs = dbCpuMsPerAttempt + serverCpuMsPerAttempt + loadCpuMsPerAttempt;
    const cpuBoundRatio = round3(bookSessionCpuMs / httpCpuMs);
    // The server CPU per request at which the cores would allow a ratio of 0.9.
    const serverCpuMsFor09 = round2(bookSessionCpuMs / 0.9 - dbCpuMsPerAttempt - loadCpuMsPerAttempt);
    const result = {
      specialists: N,
      seconds: elapsed,
      warmupSeconds: WARMUP,
      warmupAttempts: attemptsOf(warmup),
      durable: DURABLE,
      clashShare: CLASH_SHARE,
      storedSessions: Number(stored),
      attempts,
      booked,
      conflicts,
      errors,
      bookedPerSec: Math.round(booked / elapsed),
      bookingsPerSec: Math.round(bookingsPerSec),
      p50Ms: round1(percentile(latencies, 50)),
      p99Ms: round1(percentile(latencies, 99)),
      requestPathRatio: round3(bookingsPerSec / bookSessionTps),
      serverCpuMsPerAttempt,
      dbCpuMsPerAttempt: round2(dbCpuMsPerAttempt),
      loadGeneratorCpuMsPerAttempt: round2(loadCpuMsPerAttempt),
      bookSessionDbCpuMs: round2(bookSessionCpu.dbMsPerCall),
      pgbenchCpuMs: round2(bookSessionCpu.pgbenchMsPerCall),
      cpuBoundRatio,
      serverCpuMsFor09,
      loadAverage,
      cores: os.availableParallelism(),
      openLoopRate,
      openLoopP50Ms: round1(percentile(open.latencies, 50)),
      openLoopP99Ms: round1(percentile(open.latencies, 99)),
      openLoopAttempts: open.latencies.length,
      openLoopMaxMs,
      openLoopSecondsOver50Ms: slowSeconds.length,
      openLoopErrors: open.errors,
      overlapsInDb: Number(overlaps),
      keyedBookingsPerSec: Math.round(keyedAttempts / SECONDS),
      keyedRequestPathRatio: round3(keyedAttempts / SECONDS / bookSessionTps),
      keyedP99Ms: round1(percentile(keyedRun.latencies, 99)),
      keyedServerCpuMsPerAttempt: round2(keyedServerCpuMs),
      keyedErrors: keyedRun.errors,
      floorBookingsPerSec: Math.round(floorAttempts / SECONDS),
      floorConflicts: floorRun.conflicts,
      floorRatio: round3(floorAttempts / SECONDS / bookSessionTps),
      floorServerCpuMsPerAttempt: round2(floorServerCpuMs),
      floorCpuBoundRatio: round3(bookSessionCpuMs / floorCpuMs),
      floorErrors: floorRun.errors,
      pgbenchTps: Math.round(pgbenchTps),
      ratio: round3(bookingsPerSec / pgbenchTps),
      bookSessionTps: Math.round(bookSessionTps),
      ceilingRatio: round3(bookSessionTps / pgbenchTps),
      rowsOnlyTps: Math.round(rowsOnlyTps),
      rowsOnlyRatio: round3(rowsOnlyTps / pgbenchTps),
      rowsAndAuditTps: Math.round(rowsAndAuditTps),
      rowsAndAuditRatio: round3(rowsAndAuditTps / pgbenchTps),
    };
    log(`${attempts} booking requests (${booked} booked, ${conflicts} refused as clashes, ${errors} errors) in ${elapsed} s`);
    log(`latency p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; pgbench ${result.pgbenchTps} inserts/s; ratio ${result.ratio}`);
    log(
      `book_session alone, without HTTP: ${result.bookSessionTps} bookings/s (${result.ceilingRatio} of the INSERT's rate), the database's ceiling for bookings that succeed; through HTTP ${result.bookedPerSec} booked/s`,
    );
    log(
      `request path: ${Math.round(bookingsPerSec)} attempts/s through HTTP against ${result.bookSessionTps} book_session calls/s in pgbench: requestPathRatio ${result.requestPathRatio}`,
    );
    log(`server CPU ${serverCpuMsPerAttempt} ms per booking request; load average ${loadAverage} on ${result.cores} cores during the run`);
    log(
      `CPU per attempt on these ${result.cores} cores: HTTP ${round2(httpCpuMs)} ms (PostgreSQL ${result.dbCpuMsPerAttempt}, server ${serverCpuMsPerAttempt}, load generator ${result.loadGeneratorCpuMsPerAttempt}); pgbench's book_session ${round2(bookSessionCpuMs)} ms (PostgreSQL ${result.bookSessionDbCpuMs}, pgbench ${result.pgbenchCpuMs}): the cores allow requestPathRatio ${cpuBoundRatio}; 0.9 would need the server at ${serverCpuMsFor09} ms per request`,
    );
    log(
      `open loop at ${openLoopRate}/s: p50 ${result.openLoopP50Ms} ms, p99 ${result.openLoopP99Ms} ms, slowest ${openLoopMaxMs} ms (${open.latencies.length} attempts, ${open.errors} errors); answers over 50 ms in ${slowSeconds.length} of its ${OPEN_SECONDS} seconds${slowSeconds.length ? ` (${slowSeconds.join(", ")})` : ""}`,
    );
    log(
      `with idempotency keys, as the booking dialog sends them: ${result.keyedBookingsPerSec} attempts/s, keyedRequestPathRatio ${result.keyedRequestPathRatio}, p99 ${result.keyedP99Ms} ms, server CPU ${result.keyedServerCpuMsPerAttempt} ms per request (${keyedRun.conflicts} of ${keyedAttempts} refused as clashes, ${keyedRun.errors} errors)`,
    );
    log(
      `floor, a bare Node server around one book_session call: ${result.floorBookingsPerSec} attempts/s, floorRatio ${result.floorRatio}, its CPU ${result.floorServerCpuMsPerAttempt} ms per request (${floorRun.conflicts} of ${floorAttempts} refused as clashes, ${floorRun.errors} errors); by CPU per attempt the cores allow it ${result.floorCpuBoundRatio}: the most of book_session's rate a Node request path keeps on these cores`,
    );
    log(
      `only a booking's rows, no rules and no HTTP: ${result.rowsOnlyTps}/s (${result.rowsOnlyRatio}); with its audit row: ${result.rowsAndAuditTps}/s (${result.rowsAndAuditRatio})`,
    );
    // A request that fails (not a clash) means the bench measured something other than booking.
    failedRequests = errors + open.errors + keyedRun.errors + floorRun.errors;
    if (failedRequests > 0) {
      log(
        `${failedRequests} booking requests failed (${[...failures].map(([kind, n]) => `${kind}: ${n}`).join(", ")}): the figures above do not measure bookings`,
      );
    }
    console.log(JSON.stringify(result));
  } finally {
    await server?.stop();
    await floor?.stop();
    await embedded.stop();
  }
}

let failedRequests = 0;
/** The HTTP status or network error of each failed booking request, counted, for the log. */
const failures = new Map<string, number>();
const countFailure = (kind: string) => failures.set(kind, (failures.get(kind) ?? 0) + 1);
main().then(
  () => process.exit(failedRequests > 0 ? 1 : 0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
