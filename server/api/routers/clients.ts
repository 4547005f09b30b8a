import { z } from "zod";
import { instant, multiLine, singleLine } from "@/lib/schemas";
import { clientInput, createClient, getClient, listClients, setTeam, updateClient, updateClientInput } from "@/server/clients/clients";
import { deleteNetworkContact, grantAccess, revokeAccess, saveContactInput, saveNetworkContact } from "@/server/clients/network";
import { accessHistory, anonymiseClient, exportClient } from "@/server/clients/privacy";
import { permittedProcedure, router } from "../trpc";

const byClient = z.object({ clientId: z.uuid() });

export const clientsRouter = router({
  list: permittedProcedure("clients", "read")
    .input(
      z
        .object({
          search: singleLine(100).optional(),
          unitId: z.uuid().optional(),
          caseManagerId: z.uuid().optional(),
          fundingSourceId: z.uuid().optional(),
        })
        .default({}),
    )
    .query(({ ctx, input }) => listClients(ctx, input)),
  get: permittedProcedure("clients", "read")
    .input(byClient)
    .query(({ ctx, input }) => getClient(ctx, { clientId: input.clientId })),
  create: permittedProcedure("clients", "create")
    .input(clientInput)
    .mutation(({ ctx, input }) => createClient(ctx, input)),
  update: permittedProcedure("clients", "update")
    .input(updateClientInput)
    .mutation(({ ctx, input }) => updateClient(ctx, input)),
  setTeam: permittedProcedure("clients", "update")
    .input(byClient.extend({ employeeIds: z.array(z.uuid()).max(50) }))
    .mutation(({ ctx, input }) => setTeam(ctx, { clientId: input.clientId, employeeIds: input.employeeIds })),
  saveContact: permittedProcedure("clients", "update")
    .input(saveContactInput)
    .mutation(({ ctx, input }) => saveNetworkContact(ctx, input)),
  deleteContact: permittedProcedure("clients", "update")
    .input(byClient.extend({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteNetworkContact(ctx, { clientId: input.clientId, id: input.id })),
  grantAccess: permittedProcedure("clients", "read")
    .input(byClient.extend({ employeeId: z.uuid(), reason: multiLine(500).trim().min(1), validUntil: instant }))
    .mutation(({ ctx, input: { clientId, ...rest } }) => grantAccess(ctx, { ...rest, clientId })),
  revokeAccess: permittedProcedure("clients", "read")
    .input(byClient.extend({ grantId: z.uuid() }))
    .mutation(({ ctx, input }) => revokeAccess(ctx, { clientId: input.clientId, grantId: input.grantId })),
  accessHistory: permittedProcedure("clients", "read")
    .input(byClient)
    .query(({ ctx, input }) => accessHistory(ctx, { clientId: input.clientId })),
  export: permittedProcedure("clients", "export")
    .input(byClient)
    .mutation(({ ctx, input }) => exportClient(ctx, { clientId: input.clientId })),
  anonymise: permittedProcedure("clients", "delete")
    .input(byClient)
    .mutation(({ ctx, input }) => anonymiseClient(ctx, { clientId: input.clientId })),
});
