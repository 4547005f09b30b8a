/**
 * The most procedure calls one tRPC request may carry. The server refuses larger batches with
 * 400 (one request once created 550 calendar feeds, another read 100 client records); the
 * client's batch link splits at the same size, so the app itself never meets the limit.
 */
export const MAX_BATCH_SIZE = 20;
