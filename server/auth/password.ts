import { randomInt } from "node:crypto";
import { dictionary } from "@zxcvbn-ts/language-common";
import argon2 from "argon2";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./schemas";

// argon2id with the library's defaults (64 MiB, 3 passes): slow enough against guessing.
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Spends the same time as a real check, so unknown codes cannot be told apart by timing. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password");
  await verifyPassword(await dummyHash, password);
}

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH };

/**
 * The ~49,000 most common passwords of public breaches, as kept by zxcvbn-ts; a well-kept list
 * beats one of our own. Compared case-insensitively, and loaded only when a password is set.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary["passwords-common"].map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = { messageKey: string; message: string; params?: Record<string, number> };

/** Why a new password is not acceptable, or null. The caller names the field. */
export function passwordProblem(password: string, personalCode?: string): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return {
      messageKey: "errors.passwordTooShort",
      message: `The password must be at least ${PASSWORD_MIN_LENGTH} characters`,
      params: { min: PASSWORD_MIN_LENGTH },
    };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return {
      messageKey: "errors.passwordTooLong",
      message: `The password may have at most ${PASSWORD_MAX_LENGTH} characters`,
      params: { max: PASSWORD_MAX_LENGTH },
    };
  }
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower) || new Set(lower).size < 4) {
    return { messageKey: "errors.passwordCommon", message: "This password is among the most common ones; choose another" };
  }
  if (personalCode && password.includes(personalCode)) {
    return { messageKey: "errors.passwordHasCode", message: "The password must not contain the personal code" };
  }
  return null;
}

/** A one-time password for an administrator's reset: 16 characters from an unambiguous alphabet. */
export function oneTimePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  let out = "";
  for (let i = 0; i < 16; i++) out += alphabet[randomInt(alphabet.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}-${out.slice(12)}`;
}
