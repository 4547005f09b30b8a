import { setBackupSchedule } from "@/server/backup/nightly";
import { getInstitution, setInstitutionLogo, updateInstitution } from "@/server/settings/institution";
import { backupScheduleInput, institutionInput, setLogoInput } from "@/server/settings/schemas";
import { permittedProcedure, router } from "../trpc";

export const settingsRouter = router({
  get: permittedProcedure("settings", "read").query(({ ctx }) => getInstitution(ctx.db)),
  update: permittedProcedure("settings", "manage")
    .input(institutionInput)
    .mutation(({ ctx, input }) => updateInstitution(ctx, input)),
  setLogo: permittedProcedure("settings", "manage")
    .input(setLogoInput)
    .mutation(({ ctx, input }) => setInstitutionLogo(ctx, { dataUrl: input.dataUrl })),
  setBackupSchedule: permittedProcedure("settings", "manage")
    .input(backupScheduleInput)
    .mutation(({ ctx, input }) => setBackupSchedule(ctx, input)),
});
