import { createClient, getClient, listClients, setTeam, updateClient } from "@/server/clients/clients";
import { deleteNetworkContact, grantAccess, revokeAccess, saveNetworkContact } from "@/server/clients/network";
import { accessHistory, anonymiseClient, exportClient } from "@/server/clients/privacy";
import {
  clientInput,
  clientRef,
  deleteContactInput,
  grantAccessInput,
  listClientsInput,
  revokeAccessInput,
  saveContactInput,
  setTeamInput,
  updateClientInput,
} from "@/server/clients/schemas";
import { permittedProcedure, router } from "../trpc";

export const clientsRouter = router({
  list: permittedProcedure("clients", "read")
    .input(listClientsInput)
    .query(({ ctx, input }) => listClients(ctx, input)),
  get: permittedProcedure("clients", "read")
    .input(clientRef)
    .query(({ ctx, input }) => getClient(ctx, { clientId: input.clientId })),
  create: permittedProcedure("clients", "create")
    .input(clientInput)
    .mutation(({ ctx, input }) => createClient(ctx, input)),
  update: permittedProcedure("clients", "update")
    .input(updateClientInput)
    .mutation(({ ctx, input }) => updateClient(ctx, input)),
  setTeam: permittedProcedure("clients", "update")
    .input(setTeamInput)
    .mutation(({ ctx, input }) => setTeam(ctx, { clientId: input.clientId, employeeIds: input.employeeIds })),
  saveContact: permittedProcedure("clients", "update")
    .input(saveContactInput)
    .mutation(({ ctx, input }) => saveNetworkContact(ctx, input)),
  deleteContact: permittedProcedure("clients", "update")
    .input(deleteContactInput)
    .mutation(({ ctx, input }) => deleteNetworkContact(ctx, { clientId: input.clientId, id: input.id })),
  grantAccess: permittedProcedure("clients", "read")
    .input(grantAccessInput)
    .mutation(({ ctx, input: { clientId, ...rest } }) => grantAccess(ctx, { ...rest, clientId })),
  revokeAccess: permittedProcedure("clients", "read")
    .input(revokeAccessInput)
    .mutation(({ ctx, input }) => revokeAccess(ctx, { clientId: input.clientId, grantId: input.grantId })),
  accessHistory: permittedProcedure("clients", "read")
    .input(clientRef)
    .query(({ ctx, input }) => accessHistory(ctx, { clientId: input.clientId })),
  export: permittedProcedure("clients", "export")
    .input(clientRef)
    .mutation(({ ctx, input }) => exportClient(ctx, { clientId: input.clientId })),
  anonymise: permittedProcedure("clients", "delete")
    .input(clientRef)
    .mutation(({ ctx, input }) => anonymiseClient(ctx, { clientId: input.clientId })),
});
