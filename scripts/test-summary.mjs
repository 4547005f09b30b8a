// Prints one closing line for the whole suite from the Vitest and Playwright JSON reports.
import { readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
let skipped = 0;
const [vitestFile, playwrightFile] = process.argv.slice(2);

const vitest = JSON.parse(readFileSync(vitestFile, "utf8"));
passed += vitest.numPassedTests;
failed += vitest.numFailedTests;
skipped += vitest.numPendingTests + vitest.numTodoTests;

const e2e = JSON.parse(readFileSync(playwrightFile, "utf8"));
passed += e2e.stats.expected + e2e.stats.flaky;
failed += e2e.stats.unexpected;
skipped += e2e.stats.skipped;

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
