/**
 * Retries an assertion until it passes or `timeoutMs` runs out, then throws its last failure:
 * for what DynamoDB only promises eventually (GSI contents, table statistics).
 */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
