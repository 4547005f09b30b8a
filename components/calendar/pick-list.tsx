"use client";
import { CheckboxGroup, TextField } from "@/components/ui/field";

export type PickOption = { id: string; label: string };

/**
 * A search field over a checkbox list: what is chosen stays listed (and checked) whatever the
 * search says, so a group can be put together from several searches.
 */
export function PickList({
  legend,
  name,
  searchLabel,
  searchHint,
  search,
  onSearch,
  matches,
  chosen,
  onChange,
  status,
  error,
  max = 20,
}: {
  legend: string;
  name: string;
  searchLabel: string;
  searchHint?: string;
  search: string;
  onSearch: (text: string) => void;
  matches: PickOption[];
  chosen: PickOption[];
  onChange: (next: PickOption[]) => void;
  /** Shown instead of the matches: loading, nothing found, an error. */
  status?: string | null;
  error?: string;
  max?: number;
}) {
  const chosenIds = new Set(chosen.map((o) => o.id));
  const options = [...chosen, ...matches.filter((o) => !chosenIds.has(o.id)).slice(0, max)];
  const byId = new Map(options.map((o) => [o.id, o]));
  return (
    <div className="pick">
      <TextField
        label={searchLabel}
        name={`${name}-search`}
        type="search"
        value={search}
        hint={searchHint}
        autoComplete="off"
        onChange={(e) => onSearch(e.target.value)}
      />
      <div className="pick-list">
        {status ? (
          <p className="hint" style={{ margin: "0 0 .5rem", color: "var(--muted)" }}>
            {status}
          </p>
        ) : null}
        <CheckboxGroup
          legend={legend}
          name={name}
          options={options}
          value={[...chosenIds]}
          error={error}
          onChange={(ids) => onChange(ids.map((id) => byId.get(id)!).filter(Boolean))}
        />
      </div>
    </div>
  );
}
