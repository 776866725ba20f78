/**
 * The create form of `clients-page.tsx`, read back: what `createOperatorClient` takes, and the
 * draft to show again when it is refused. Blank lines and surrounding spaces are dropped.
 */
export interface ClientsFormInput {
  name: string;
  redirectUris: string[];
  /** The fields as typed, for the page shown again after a refusal. */
  draft: { name: string; redirectUris: string };
}

export function readClientsForm(form: FormData): ClientsFormInput {
  const name = String(form.get("name") ?? "");
  const redirectUris = String(form.get("redirect_uris") ?? "");
  return {
    name: name.trim(),
    redirectUris: redirectUris
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    draft: { name, redirectUris },
  };
}
