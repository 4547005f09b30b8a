/** Units flattened in tree order with their depth, for indented pickers and the tree view. */
export type UnitRow = { id: string; name: string; parentId: string | null };

export function treeOrder<T extends UnitRow>(units: T[]): (T & { depth: number })[] {
  const byParent = new Map<string | null, T[]>();
  for (const u of units) byParent.set(u.parentId, [...(byParent.get(u.parentId) ?? []), u]);
  const known = new Set(units.map((u) => u.id));
  const out: (T & { depth: number })[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const u of (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name, "et"))) {
      out.push({ ...u, depth });
      visit(u.id, depth + 1);
    }
  };
  visit(null, 0);
  // Units whose parent the person cannot see start their own branch.
  for (const u of units)
    if (u.parentId && !known.has(u.parentId)) {
      out.push({ ...u, depth: 0 });
      visit(u.id, 1);
    }
  return out;
}

export const indent = (depth: number) => "\u00a0\u00a0".repeat(depth * 2);
