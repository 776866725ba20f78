import { readTokenForm } from "./token-form";

/**
 * Map the URLs and parameters clients derive from the MCP endpoint onto the single origin-wide
 * resource, so OAuth completes whichever endpoint (`/mcp` or `/sse`) a client started from.
 *
 * - Protected-resource metadata: the provider serves it only at the root well-known URL of the
 *   origin resource; clients also probe the path-inserted form (`…/oauth-protected-resource/mcp`,
 *   RFC 9728 §3.1). Authorization-server metadata gets the same treatment for older clients.
 * - RFC 8707 `resource`: a client may name the endpoint URL it used (`https://host/mcp`); RFC 8707
 *   §2.2 lets the server map it to the more general resource it serves, the origin.
 */
export async function applyResourceAliases(request: Request, origin: string): Promise<Request> {
  const url = new URL(request.url);
  for (const prefix of ["/.well-known/oauth-protected-resource/", "/.well-known/oauth-authorization-server/"]) {
    if (url.pathname.startsWith(prefix) && isEndpointPath(url.pathname.slice(prefix.length - 1))) {
      url.pathname = prefix.slice(0, -1);
      return new Request(url, request);
    }
  }
  if (url.pathname === "/authorize") {
    const resources = url.searchParams.getAll("resource");
    if (resources.some((resource) => isEndpointResource(resource, origin))) {
      url.searchParams.delete("resource");
      for (const resource of resources)
        url.searchParams.append("resource", isEndpointResource(resource, origin) ? origin : resource);
      return new Request(url, request);
    }
  }
  const form = await readTokenForm(request);
  if (form instanceof URLSearchParams) {
    const resources = form.getAll("resource");
    if (resources.some((resource) => isEndpointResource(resource, origin))) {
      form.delete("resource");
      for (const resource of resources)
        form.append("resource", isEndpointResource(resource, origin) ? origin : resource);
      const headers = new Headers(request.headers);
      headers.delete("Content-Length");
      return new Request(url, { method: "POST", headers, body: form.toString() });
    }
  }
  return request;
}

const ENDPOINT_PATHS = ["/mcp", "/sse"];

function isEndpointPath(path: string): boolean {
  return ENDPOINT_PATHS.includes(path.replace(/\/+$/, ""));
}

function isEndpointResource(resource: string, origin: string): boolean {
  try {
    const url = new URL(resource);
    return url.origin === origin && isEndpointPath(url.pathname) && url.search === "" && url.hash === "";
  } catch {
    return false;
  }
}
