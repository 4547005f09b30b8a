import { z } from "zod";
import { loadClientFacts } from "@/server/clients/facts";
import type { ClientFacts } from "@/server/policy/policy";
import type { Actor } from "@/server/policy/actor";
import type { DomainContext } from "@/server/domain-context";
import { notFound } from "@/server/errors";
import { canOnClient, canReadClinical } from "@/server/policy/policy";

/**
 * What the viewer may do on a client's Dokumendid tab, sent with the data so the page shows only
 * those buttons. Each flag is the very predicate the mutation checks (actions.test.ts runs every
 * mutation for every role against its flag):
 * - generate: print the dataset, attendance sheet, plan, summary, annex, confirmation, and download
 *   again (register.ts through the loaders: the clinical record in reach);
 * - writeClinical: write and sign the impact assessment (assessment.ts), write and move plans
 *   (plans.ts, plan-status.ts), write the summary assessment (summary.ts): the client's case
 *   manager, or clients:update reaching the client, reading the clinical record either way;
 * - uploadScan: mark a sheet received with its signed scan (scans.ts): clients:update reaching the client.
 */

export const mayGenerate = (actor: Actor, facts: ClientFacts) => canReadClinical(actor, facts);
export const mayWriteClinical = (actor: Actor, facts: ClientFacts) =>
  canReadClinical(actor, facts) && (facts.caseManagerId === actor.employeeId || canOnClient(actor, "update", facts));
export const mayUploadScan = (actor: Actor, facts: ClientFacts) => canOnClient(actor, "read", facts) && canOnClient(actor, "update", facts);

export type DocumentActions = { generate: boolean; writeClinical: boolean; uploadScan: boolean };

export const documentActionsInput = z.object({ clientId: z.uuid() });

export async function documentActions(ctx: DomainContext, { clientId }: z.infer<typeof documentActionsInput>): Promise<DocumentActions> {
  const found = await loadClientFacts(ctx.db, clientId);
  // A client out of reach is a missing one, as everywhere else.
  if (!found || !canOnClient(ctx.actor, "read", found.facts)) throw notFound("client");
  return {
    generate: mayGenerate(ctx.actor, found.facts),
    writeClinical: mayWriteClinical(ctx.actor, found.facts),
    uploadScan: mayUploadScan(ctx.actor, found.facts),
  };
}
