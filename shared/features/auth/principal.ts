/**
 * Who is calling, in registry terms. Built from verified token claims by
 * ./claims.ts; read by ./policy.ts. Plain data, no transport.
 */
export const ROLES = ['admin', 'editor', 'reviewer', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable subject id of the person (Cognito `sub`, or `--sub` of `gongshi token`). */
  sub: string;
  /** Human-readable name when the token carries one (Cognito `username`); for display only. */
  username?: string;
  roles: Role[];
  /** Credit codes an editor may act for. */
  units: string[];
  /**
   * GB/T 2260 code prefix a reviewer or auditor covers: '21' a province, '2109' a city,
   * '210902' a county; '' covers every region; undefined covers none.
   */
  regionPrefix?: string;
}

export const ANONYMOUS = 'anonymous';
