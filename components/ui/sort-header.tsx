"use client";
import { useMemo, useState } from "react";

export type Sort<K extends string> = { key: K; dir: "asc" | "desc" };

/**
 * A table's rows sorted by the column a person chose; pressing the same header again turns the
 * order round. Text compares the Estonian way, numbers as numbers, empty values last.
 */
export function useSorted<T, K extends string>(rows: T[], valueOf: (row: T, key: K) => string | number | null, initial: Sort<K>) {
  const [sort, setSort] = useState<Sort<K>>(initial);
  const sorted = useMemo(() => {
    const factor = sort.dir === "asc" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = valueOf(a, sort.key);
      const y = valueOf(b, sort.key);
      if (x === null || x === "") return y === null || y === "" ? 0 : 1;
      if (y === null || y === "") return -1;
      return (
        factor * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "et", { numeric: true }))
      );
    });
    // valueOf is a pure accessor defined with the table; the rows and the choice decide the order.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows, sort]);
  const toggle = (key: K) => setSort((s) => (s.key === key ? { key, dir: s.dir === "asc" ? "desc" : "asc" } : { key, dir: "asc" }));
  return { sorted, sort, toggle };
}

/** A column header that sorts the table: a button inside the th, with aria-sort on the th. */
export function SortHeader<K extends string>({
  column,
  sort,
  onSort,
  numeric = false,
  children,
}: {
  column: K;
  sort: Sort<K>;
  onSort: (key: K) => void;
  numeric?: boolean;
  children: React.ReactNode;
}) {
  const active = sort.key === column;
  return (
    <th scope="col" className={numeric ? "num" : undefined} aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"}>
      <button type="button" className="sort-header" onClick={() => onSort(column)}>
        {children}
        <span aria-hidden="true">{active ? (sort.dir === "asc" ? " ▲" : " ▼") : " ↕"}</span>
      </button>
    </th>
  );
}
