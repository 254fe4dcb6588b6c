/**
 * Minimum matching rules (the full rules — families, ranges, distance, caps, ranking — build
 * on these): a worker hears about an opening when a skill matches and the worker's place and
 * the workshop's place are within the reach of the workshop's form. The SQL in
 * services/match-service.ts implements the same predicate; tests check the two agree.
 */
export type WorkFormName = 'county_workshop' | 'village_plant' | 'home_workshop';

export const GENERAL_LABOUR = '普工';

/** Division code prefix lengths: county 6, township 9, village 12. */
export const TOWNSHIP_CODE_LENGTH = 9;
export const COUNTY_CODE_LENGTH = 6;

/**
 * The area an opening reaches by default: a county-town workshop and a village plant reach
 * the workshop's township; home piecework is delivered anywhere in the county.
 */
export function reachPrefix(form: WorkFormName, workshopDivision: string): string {
  const len = form === 'home_workshop' ? COUNTY_CODE_LENGTH : TOWNSHIP_CODE_LENGTH;
  return workshopDivision.slice(0, Math.min(len, workshopDivision.length));
}

/**
 * True when the worker's place and the workshop's reach overlap: the worker lives inside the
 * reach (a village in the township), or named a wider place that contains the workshop
 * (a worker who only said "蒙自" hears about work anywhere in 蒙自).
 */
export function placeMatches(workerDivision: string | null, form: WorkFormName, workshopDivision: string): boolean {
  if (!workerDivision) return false;
  const reach = reachPrefix(form, workshopDivision);
  return workerDivision.startsWith(reach) || workshopDivision.startsWith(workerDivision);
}

/** An opening with no skill is general labour: it reaches 普工 workers and workers with no skill listed. */
export function skillMatches(workerSkills: readonly string[], openingSkills: readonly string[]): boolean {
  if (openingSkills.length === 0) return workerSkills.length === 0 || workerSkills.includes(GENERAL_LABOUR);
  return openingSkills.some((s) => workerSkills.includes(s));
}

export interface MatchableWorker {
  status: 'active' | 'paused' | 'opted_out';
  phone: string | null;
  phoneInvalid: boolean;
  divisionCode: string | null;
  skills: readonly string[];
}

export interface MatchableOpening {
  skills: readonly string[];
  form: WorkFormName;
  workshopDivision: string;
}

export function isMatch(worker: MatchableWorker, opening: MatchableOpening): boolean {
  return (
    worker.status === 'active' &&
    worker.phone !== null &&
    !worker.phoneInvalid &&
    skillMatches(worker.skills, opening.skills) &&
    placeMatches(worker.divisionCode, opening.form, opening.workshopDivision)
  );
}
