/**
 * Vitest setup (vitest.config.ts setupFiles): a Drizzle query that is run a second time fails
 * the test. Drizzle's queries are thenables that run again on every `then`, so one kept in a
 * variable and awaited in two places (a Promise.all and a .then) runs twice: the calendar's
 * participants statement did, and wrote its audit row twice (fixed with runOnce,
 * server/db/sql-helpers.ts). No code of ours runs one query object twice on purpose.
 *
 * It wraps the `then` of Drizzle's query classes, an internal: should an upgrade move it, this
 * setup throws, so the guard cannot fall silent.
 */
import { QueryPromise } from "drizzle-orm";
import { PgSelectBase } from "drizzle-orm/pg-core";
import { PgCountBuilder } from "drizzle-orm/pg-core/query-builders/count";

type Thenable = { then: (this: object, onFulfilled?: unknown, onRejected?: unknown) => unknown };

const run = new WeakSet<object>();
/** Marks a wrapped then: a worker that runs several test files loads Drizzle once. */
const wrapped = Symbol.for("query-once");

for (const cls of [QueryPromise, PgSelectBase, PgCountBuilder] as unknown as { name: string; prototype: Thenable }[]) {
  const proto = cls.prototype;
  if (!Object.prototype.hasOwnProperty.call(proto, "then") || typeof proto.then !== "function") {
    throw new Error(
      `query-once: Drizzle's ${cls.name} has no then of its own any more; the guard against queries run twice needs updating`,
    );
  }
  if (wrapped in proto.then) continue;
  const then = proto.then;
  proto.then = function (this: object, onFulfilled?: unknown, onRejected?: unknown) {
    if (run.has(this)) {
      throw new Error("A Drizzle query ran a second time (awaited, or .then/.catch called, twice): wrap it in runOnce() or await it once");
    }
    run.add(this);
    return then.call(this, onFulfilled, onRejected);
  };
  Object.defineProperty(proto.then, wrapped, { value: true });
}
