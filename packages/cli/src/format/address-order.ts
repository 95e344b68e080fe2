// Nodes are listed by address. IPv4 addresses compare numerically so that 10.0.0.9 comes before
// 10.0.0.10; anything else falls back to plain text order.

function ipv4Key(address: string): number[] | undefined {
  const host = address.replace(/:\d+$/, '');
  const parts = host.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p))) return undefined;
  return parts.map(Number);
}

export function compareAddresses(a: string, b: string): number {
  const ka = ipv4Key(a);
  const kb = ipv4Key(b);
  if (ka && kb) {
    for (let i = 0; i < 4; i++) {
      const d = (ka[i] ?? 0) - (kb[i] ?? 0);
      if (d !== 0) return d;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (ka) return -1;
  if (kb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Java's TreeMap<String> order (UTF-16 code units), used for datacenter names. */
export function compareJavaStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** "ip:port" -> "ip"; bare addresses and IPv6 literals pass through unchanged. */
export function hostOf(endpoint: string): string {
  const bracketed = /^\[(.*)\]:\d+$/.exec(endpoint);
  if (bracketed) return bracketed[1] ?? endpoint;
  return /^[^:]+:\d+$/.test(endpoint) ? endpoint.replace(/:\d+$/, '') : endpoint;
}
