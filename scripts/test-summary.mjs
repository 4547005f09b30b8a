// Prints one closing line for the whole suite from the Vitest and Playwright JSON reports, preceded
// by the name and first message line of every failed test, so that the tail of a CI log says what failed.
import { readFileSync } from "node:fs";
import path from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const [vitestFile, playwrightFile] = process.argv.slice(2);

const firstLine = (text) =>
  String(text ?? "")
    // eslint-disable-next-line no-control-regex -- strips the terminal colours of the reporters' messages
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.trim()
    .slice(0, 300) ?? "";

const vitest = JSON.parse(readFileSync(vitestFile, "utf8"));
passed += vitest.numPassedTests;
failed += vitest.numFailedTests;
skipped += vitest.numPendingTests + vitest.numTodoTests;
for (const file of vitest.testResults ?? []) {
  const name = path.relative(process.cwd(), file.name);
  const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
  for (const t of failedTests) failures.push(`vitest ${name} › ${t.fullName}\n    ${firstLine(t.failureMessages?.[0])}`);
  // A file that fails before any test runs (an import error, a failing hook) has no failed test to name.
  if (file.status === "failed" && failedTests.length === 0) failures.push(`vitest ${name}\n    ${firstLine(file.message)}`);
}

const e2e = JSON.parse(readFileSync(playwrightFile, "utf8"));
passed += e2e.stats.expected + e2e.stats.flaky;
failed += e2e.stats.unexpected;
skipped += e2e.stats.skipped;
const walk = (suite, titles) => {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      if (test.status !== "unexpected") continue;
      const error = test.results?.findLast((r) => r.error)?.error;
      failures.push(`e2e ${spec.file} › ${[...titles, spec.title].join(" › ")}\n    ${firstLine(error?.message)}`);
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
};
for (const suite of e2e.suites ?? []) walk(suite, []);

if (failures.length > 0) console.log(`Failed:\n${failures.map((f) => `  ${f}`).join("\n")}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
