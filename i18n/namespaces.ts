/**
 * The message namespaces the root layout hands to client components: those of the pages outside
 * the signed-in app (sign-in's form and errors, the language switch). Everything else arrives with
 * the app's own provider, so the sign-in page does not carry the whole catalogue in its HTML.
 */
export const ROOT_NAMESPACES = ["common", "login"] as const;

type Messages = Record<string, unknown>;

export function pickNamespaces(messages: Messages, namespaces: readonly string[]): Messages {
  return Object.fromEntries(namespaces.filter((ns) => ns in messages).map((ns) => [ns, messages[ns]]));
}
