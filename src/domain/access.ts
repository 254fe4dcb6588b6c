/** Who is calling the API, and what they may touch. Pure: services enforce it, routes pass it. */
export type Role = 'admin' | 'caseworker' | 'employer';

export const ROLES: readonly Role[] = ['admin', 'caseworker', 'employer'];

export interface Principal {
  /** "key:<id>" for stored keys, "admin:bootstrap" for ADMIN_API_KEY: what audit rows and consent events name. */
  actor: string;
  keyId: number | null;
  role: Role;
  /** Caseworkers: division code prefixes (a county, or townships). */
  divisionPrefixes: readonly string[];
  /** Employers: the one employer the key acts for. */
  employerId: number | null;
}

/** Whether a division (worker's home, workshop site) is within the principal's divisions. */
export function inDivisionScope(p: Principal, divisionCode: string | null | undefined): boolean {
  if (p.role === 'admin') return true;
  if (p.role !== 'caseworker' || !divisionCode) return false;
  return p.divisionPrefixes.some((prefix) => divisionCode.startsWith(prefix));
}

/** Employers manage their own workshops; stations manage the workshops in their divisions. */
export function canManageWorkshop(p: Principal, w: { employerId: number | null; divisionCode: string }): boolean {
  if (p.role === 'employer') return p.employerId !== null && w.employerId === p.employerId;
  return inDivisionScope(p, w.divisionCode);
}

/**
 * The division prefixes a worker query is limited to: null means no limit (admin). A
 * requested prefix is narrowed to the principal's scope; one outside it yields nothing.
 */
export function effectivePrefixes(p: Principal, requested: readonly string[] = []): string[] | null {
  if (p.role === 'admin') return requested.length ? [...requested] : null;
  if (p.role !== 'caseworker') return [];
  if (requested.length === 0) return [...p.divisionPrefixes];
  const out = new Set<string>();
  for (const r of requested) {
    for (const s of p.divisionPrefixes) {
      if (r.startsWith(s)) out.add(r);
      else if (s.startsWith(r)) out.add(s);
    }
  }
  return [...out];
}

/**
 * Requested division prefixes that have nothing in common with the principal's scope: neither
 * inside it nor containing part of it (a prefecture code still narrows to the caller's county).
 */
export function prefixesOutsideScope(p: Principal, requested: readonly string[]): string[] {
  if (p.role === 'admin') return [];
  return requested.filter((d) => !inDivisionScope(p, d) && !p.divisionPrefixes.some((s) => s.startsWith(d)));
}
