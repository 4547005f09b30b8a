"use client";
import { ChangePasswordForm } from "./change-password-form";

/** Once the one-time password is replaced, the rest of the application opens. */
export function ForcedPasswordChange() {
  return <ChangePasswordForm onChanged={() => window.location.assign("/")} />;
}
