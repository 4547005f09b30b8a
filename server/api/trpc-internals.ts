import type { AnyTRPCRouter } from "@trpc/server";
import type { Access } from "./trpc";

/**
 * The one place that reads tRPC's internal router definition (`_def`, @trpc/server 11). tRPC
 * has no public way to list a router's procedures with their kind, meta and input schema, nor
 * to reach its runtime config outside an adapter. The short booking path of http.ts needs the
 * config and the kind (bench:booking: without it the request path loses about a third of its
 * CPU to the adapter); the access matrix and the fuzz test need the list. trpc-internals.test.ts
 * fails loudly if an upgrade changes any of it.
 */

/** One procedure as the tests walk it: its path, kind, declared access and input schema. */
export type ProcedureInfo = { path: string; type: "query" | "mutation" | "subscription"; access: Access | undefined; input: unknown };

type ProcedureDefinition = { _def: { type: ProcedureInfo["type"]; meta?: { access?: Access }; inputs?: unknown[] } };
type RouterDefinition<TRouter extends AnyTRPCRouter> = {
  _config: TRouter["_def"]["_config"];
  procedures: Record<string, ProcedureDefinition | undefined>;
};

const definitionOf = <TRouter extends AnyTRPCRouter>(router: TRouter) => (router as unknown as { _def: RouterDefinition<TRouter> })._def;

/** The router's runtime config (transformer, error formatter), as tRPC's adapters use it. */
export const routerConfig = <TRouter extends AnyTRPCRouter>(router: TRouter) => definitionOf(router)._config;

/** Whether `path` names a mutation of the router. */
export function isMutation(router: AnyTRPCRouter, path: string): boolean {
  return Object.hasOwn(definitionOf(router).procedures, path) && definitionOf(router).procedures[path]?._def.type === "mutation";
}

export function listProcedures(router: AnyTRPCRouter): ProcedureInfo[] {
  return Object.entries(definitionOf(router).procedures)
    .flatMap(([path, p]) => (p ? [{ path, type: p._def.type, access: p._def.meta?.access, input: p._def.inputs?.[0] }] : []))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}
