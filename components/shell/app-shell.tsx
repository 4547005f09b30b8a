"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useEffect, useState, type ReactNode } from "react";
import { OfflineBanner } from "./connectivity";
import { GlobalSearch } from "./global-search";
import { LanguageSwitch } from "./language-switch";
import type { NavItem } from "./nav";

// The shell's links do not prefetch: every page under (app) is dynamic and none has a loading.tsx,
// so a prefetch brought back almost nothing a click could reuse (about 1 kB), yet the fifteen-odd
// links in view sent two rounds of requests, each a server render, while the page was loading
// (26 requests in Lighthouse's calendar run), competing with it for the CPU. A click loads the page as before.

export function AppShell({
  nav,
  personName,
  institutionName,
  hasLogo,
  children,
}: {
  nav: NavItem[];
  personName: string;
  institutionName: string;
  hasLogo: boolean;
  children: ReactNode;
}) {
  const t = useTranslations("nav");
  const pathname = usePathname();
  // The longest link that the path starts with is the current one (/calendar vs /calendar/rooms).
  const matches = nav.filter((n) => (n.href === "/" ? pathname === "/" : pathname === n.href || pathname.startsWith(`${n.href}/`)));
  const currentHref = matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const current = (href: string) => href === currentHref;
  const section = (name: NavItem["section"]) => nav.filter((n) => n.section === name);
  // On a narrow screen the menu is folded behind a button; it folds again after each navigation.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <div className={menuOpen ? "shell menu-open" : "shell"}>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="topbar">
        <button
          type="button"
          className="btn secondary menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="sidenav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span> {t("menu")}
        </button>
        <Link href="/" className="brand" prefetch={false}>
          {hasLogo ? <img src="/api/institution-logo" alt="" /> : null}
          <span>{institutionName || t("appName")}</span>
        </Link>
        <span className="spacer" />
        <GlobalSearch />
        <LanguageSwitch />
        <Link
          href="/account"
          className="who"
          prefetch={false}
          aria-current={pathname === "/account" ? "page" : undefined}
          title={t("myAccount")}
        >
          {personName}
          <span className="visually-hidden"> — {t("myAccount")}</span>
        </Link>
        <button type="button" className="btn secondary sign-out" onClick={() => void signOut({ redirectTo: "/login" })}>
          {t("signOut")}
        </button>
      </header>
      <nav id="sidenav" className="sidenav" aria-label={t("main")}>
        <ul>
          {section("main").map((item) => (
            <li key={item.href}>
              <Link href={item.href} prefetch={false} aria-current={current(item.href) ? "page" : undefined}>
                {t(item.labelKey)}
              </Link>
            </li>
          ))}
        </ul>
        {section("admin").length > 0 ? (
          <>
            <h2>{t("administration")}</h2>
            <ul>
              {section("admin").map((item) => (
                <li key={item.href}>
                  <Link href={item.href} prefetch={false} aria-current={current(item.href) ? "page" : undefined}>
                    {t(item.labelKey)}
                  </Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </nav>
      <main id="main" className="main">
        <OfflineBanner />
        {children}
      </main>
    </div>
  );
}
