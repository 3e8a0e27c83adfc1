/**
 * A host as a Host header or an access log writes it, reduced to its name: `shop.example:8443` and
 * `[::1]:80` lose the port, a bare IPv6 address (more than one colon) is kept whole, case is folded.
 */
export function hostWithoutPort(host: string): string | undefined {
  const text = host.trim().toLowerCase();
  const colon = text.indexOf(':');
  const name = text.startsWith('[') ? text.slice(0, text.indexOf(']') + 1) : colon >= 0 && colon === text.lastIndexOf(':') ? text.slice(0, colon) : text;
  return name === '' ? undefined : name;
}
