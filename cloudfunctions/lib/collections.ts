/** Collection names, as declared in database/*.json. */
export const COLLECTIONS = {
  communities: 'communities',
  compounds: 'compounds',
  branches: 'branches',
  grids: 'grids',
  buildings: 'buildings',
  households: 'households',
  centralHouseholds: 'central_households',
  teams: 'teams',
  partners: 'partners',
  persons: 'persons',
  directories: 'directories',
  /** per-person rate-limit counters (lib/rate-limit.ts) */
  rateLimits: 'rateLimits',
} as const;
