// How the simulated charger words what it logs.

/** A ChangeConfiguration AuthorizationKey is printed as *** (a charger keeps its key out of its logs). */
export function withoutAuthorizationKey(req: object): object {
  const r = req as { key?: unknown };
  return typeof r.key === 'string' && r.key.toLowerCase() === 'authorizationkey' ? { ...req, value: '***' } : req;
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
