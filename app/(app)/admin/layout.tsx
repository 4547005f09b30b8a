import type { ReactNode } from "react";
import { SectionMessages } from "@/components/shell/section-messages";

export default function Layout({ children }: { children: ReactNode }) {
  return <SectionMessages section="admin">{children}</SectionMessages>;
}
