"use client";
import type { UseFormRegisterReturn } from "react-hook-form";
import { SelectField, TextField } from "@/components/ui/field";

type Service = { id: string; code: string; nameEt: string };

/**
 * The rows of services with a volume each, as the decision's limits and the case plan list them:
 * a service, its volume, "remove", and the list's own refusal under the rows. The form owns the
 * field array; each row's inputs are registered by the caller.
 */
export function ServiceRows({
  rows,
  services,
  labels,
  serviceInput,
  unitsInput,
  serviceError,
  unitsError,
  listError,
  onRemove,
}: {
  rows: { id: string }[];
  services: Service[];
  labels: { service: string; chooseService: string; units: string; remove: string };
  serviceInput: (i: number) => UseFormRegisterReturn;
  unitsInput: (i: number) => UseFormRegisterReturn;
  serviceError: (i: number) => string | undefined;
  unitsError: (i: number) => string | undefined;
  listError: string | undefined;
  onRemove: (i: number) => void;
}) {
  return (
    <>
      {rows.map((row, i) => (
        <div className="row-inputs" key={row.id}>
          <SelectField label={labels.service} error={serviceError(i)} {...serviceInput(i)}>
            <option value="">{labels.chooseService}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.code} {s.nameEt}
              </option>
            ))}
          </SelectField>
          <TextField label={labels.units} inputMode="decimal" error={unitsError(i)} {...unitsInput(i)} />
          <button type="button" className="btn link" style={{ marginBottom: ".9rem" }} onClick={() => onRemove(i)}>
            {labels.remove}
          </button>
        </div>
      ))}
      {listError ? (
        <p className="error" role="alert" style={{ color: "var(--danger)", fontWeight: 600 }}>
          {listError}
        </p>
      ) : null}
    </>
  );
}
