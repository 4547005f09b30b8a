/** Navigation entries and the permission each needs; the shell shows only what the person may use. */
export type NavItem = { href: string; labelKey: string; needs: `${string}:${string}` | null; section: "main" | "admin" };

export const NAV_ITEMS: NavItem[] = [
  { href: "/", labelKey: "home", needs: null, section: "main" },
  { href: "/clients", labelKey: "clients", needs: "clients:read", section: "main" },
  { href: "/calendar", labelKey: "calendar", needs: "sessions:read", section: "main" },
  { href: "/calendar/rooms", labelKey: "roomCalendar", needs: "sessions:read", section: "main" },
  { href: "/billing", labelKey: "billing", needs: "billing:read", section: "main" },
  { href: "/workload", labelKey: "workload", needs: "workload:read", section: "main" },
  { href: "/time-accounting", labelKey: "timeAccounting", needs: "workload:read", section: "main" },
  { href: "/dashboard", labelKey: "dashboard", needs: "workload:read", section: "main" },
  { href: "/reports", labelKey: "reports", needs: "reports:read", section: "main" },
  { href: "/admin/funding-sources", labelKey: "fundingSources", needs: "catalogue:manage", section: "admin" },
  { href: "/admin/services", labelKey: "services", needs: "catalogue:manage", section: "admin" },
  { href: "/admin/price-lists", labelKey: "priceLists", needs: "catalogue:manage", section: "admin" },
  { href: "/admin/vat-rates", labelKey: "vatRates", needs: "catalogue:manage", section: "admin" },
  { href: "/admin/units", labelKey: "units", needs: "units:read", section: "admin" },
  { href: "/admin/rooms", labelKey: "rooms", needs: "units:manage", section: "admin" },
  { href: "/workload/types", labelKey: "workTypes", needs: "workload:manage", section: "admin" },
  { href: "/admin/employees", labelKey: "employees", needs: "employees:read", section: "admin" },
  { href: "/admin/specialties", labelKey: "specialties", needs: "employees:manage", section: "admin" },
  { href: "/admin/roles", labelKey: "roles", needs: "roles:read", section: "admin" },
  { href: "/admin/settings", labelKey: "settings", needs: "settings:read", section: "admin" },
  { href: "/admin/document-templates", labelKey: "documentTemplates", needs: "settings:read", section: "admin" },
  { href: "/billing/connection", labelKey: "eFinancials", needs: "settings:read", section: "admin" },
  { href: "/admin/audit", labelKey: "audit", needs: "audit:read", section: "admin" },
];

export function visibleNav(permissionKeys: Iterable<string>): NavItem[] {
  const held = new Set(permissionKeys);
  return NAV_ITEMS.filter((item) => item.needs === null || held.has(item.needs));
}
