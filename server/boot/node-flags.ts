/**
 * The V8 flags the server runs with (`npm start`: package.json's start script names them, and the
 * benchmarks start the server and run its domain functions with the same; node-flags.test.ts
 * holds the three together).
 *
 * --max-semi-space-size=64: the room calendar's week of sixty rooms allocates ~20 MB and keeps
 * ~9,000 rows and ~3,000 answer objects alive while it is built. With V8's default young
 * generation (16 MB a semi-space) nearly every view ran into a scavenge that copied them (475
 * scavenges in 400 views), and a third of the view's CPU was garbage collection; with 64 MB, 127
 * in 400. The view's Node CPU went from 38 to 29 ms (three alternating runs of 60 calls each on
 * the large installation). The young generation grows to that size only when the load needs it:
 * at most ~100 MB more memory.
 */
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=64"] as const;
