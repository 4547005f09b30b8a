import type http from "node:http";
import {
  callTRPCProcedure,
  getErrorShape,
  getTRPCErrorFromUnknown,
  transformTRPCResponse,
  TRPCError,
  type AnyTRPCRouter,
  type inferRouterContext,
} from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { MAX_BATCH_SIZE } from "@/lib/batch-limit";
import { isMutation, routerConfig } from "./trpc-internals";

type Options<TRouter extends AnyTRPCRouter> = {
  router: TRouter;
  /** Where the API is served, with its trailing slash: "/api/trpc/". */
  basePath: string;
  createContext: (req: http.IncomingMessage) => Promise<inferRouterContext<TRouter>>;
  onError: (opts: { error: TRPCError; path: string | undefined; req: http.IncomingMessage }) => void;
};

const MAX_BODY = 1024 * 1024;

/**
 * Serves the tRPC API on the custom server. A single mutation (POST /api/trpc/<path>, no query
 * string: bookings, moves, status changes) takes a short path: the body is read and parsed
 * here and the procedure called through tRPC's own callProcedure, so its middleware, input
 * validation, error formatter and wire format are exactly those of the adapter. tRPC's Node
 * adapter wraps every request in a Fetch Request, an AbortController and web streams; on the
 * booking path that was a third of the server's time (bench:booking, and the Node CPU per
 * request measured when #16 retried the plain adapter). Everything else (batches, queries,
 * subscriptions) goes through the adapter. The router's config and the procedure's kind come
 * from trpc-internals.ts, the one module that reads tRPC's internal definition.
 */
export function createApiHandler<TRouter extends AnyTRPCRouter>(opts: Options<TRouter>) {
  const adapter = createHTTPHandler({
    router: opts.router,
    basePath: opts.basePath,
    maxBatchSize: MAX_BATCH_SIZE,
    createContext: ({ req }) => opts.createContext(req),
    onError: ({ error, path, req }) => opts.onError({ error, path, req }),
  });
  const config = routerConfig(opts.router);

  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? "";
    const path = url.slice(opts.basePath.length);
    const json = (req.headers["content-type"] ?? "application/json").startsWith("application/json");
    if (req.method !== "POST" || !json || path.includes("?") || !isMutation(opts.router, path)) return void adapter(req, res);

    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => void answer(size > MAX_BODY ? null : Buffer.concat(chunks).toString("utf8")));

    const answer = async (body: string | null) => {
      let input: unknown;
      let ctx: Awaited<ReturnType<Options<TRouter>["createContext"]>> | undefined;
      try {
        if (body === null) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "Request body too large" });
        if (body !== "") {
          try {
            input = config.transformer.input.deserialize(JSON.parse(body));
          } catch (cause) {
            throw new TRPCError({ code: "PARSE_ERROR", cause });
          }
        }
        ctx = await opts.createContext(req);
        const data: unknown = await callTRPCProcedure({
          router: opts.router,
          path,
          ctx,
          type: "mutation",
          getRawInput: async () => input,
          input,
          signal: undefined,
          batchIndex: 0,
        });
        send(res, 200, transformTRPCResponse(config, { result: { data } }));
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        opts.onError({ error, path, req });
        const shape = getErrorShape({ config, error, type: "mutation", path, input, ctx });
        send(res, getHTTPStatusCodeFromError(error), transformTRPCResponse(config, { error: shape }));
      }
    };
  };
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
