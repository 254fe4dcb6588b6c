import type { PlaceCandidate } from './places.js';

/**
 * Places in the chat-bot's questions (conversation.ts): which candidates fit a text equally
 * well, and how a place is named in a numbered menu that must fit one SMS template variable.
 */

export interface PlaceRef {
  code: string;
  name: string;
  fullName: string;
}

/** The place candidates that fit the words equally well; more than one means we must ask. */
export function equallyGood(places: readonly PlaceCandidate[]): PlaceRef[] {
  const best = places[0];
  if (!best) return [];
  const base = placeBase(best.name);
  const same = places.filter((p) => p.level === best.level && placeBase(p.name) === base);
  const seen = new Set<string>();
  return same.filter((p) => !seen.has(p.code) && seen.add(p.code)).map(toRef);
}

function toRef(p: PlaceCandidate | PlaceRef): PlaceRef {
  return { code: p.code, name: p.name, fullName: p.fullName };
}

/** A place's name without its administrative suffix: 新寨 for 新寨村委会 and 新寨社区. */
export function placeBase(name: string): string {
  return name
    .replace(/(社区居民委员会|居民委员会|村民委员会|村委会|居委会|委员会|社区|街道办事处|街道|自治县|县|市|区|镇|乡|村)$/, '')
    .replace(/(哈尼族|彝族|苗族|瑶族|傣族|壮族|回族|拉祜族|布依族)+$/, '');
}

/** "建水曲江新街村": county, township and village short enough for a numbered menu. */
export function placeLabel(p: Pick<PlaceRef, 'fullName' | 'name'>): string {
  const local = p.fullName.replace(/^.*?(自治州|地区|盟)/, '');
  const parts = [...local.matchAll(/.+?(自治县|县|市|区|街道办事处|街道|镇|乡|社区居民委员会|居民委员会|村民委员会|村委会|社区|村)/g)].map((m) => m[0]);
  if (parts.length === 0) return p.name;
  return parts
    .map((part, i) => {
      const base = placeBase(part);
      if (i === 0 && parts.length > 1) return base; // county: 建水
      if (i === parts.length - 1) return /社区/.test(part) ? `${base}社区` : /(村|村委会|委员会|居委会)$/.test(part) ? `${base}村` : part;
      return base;
    })
    .join('');
}

const MENU_VAR_MAX = 35;

/** The numbered choice, as many candidates as fit one template variable. */
export function placeOptions(candidates: readonly PlaceRef[]): { shown: PlaceRef[]; text: string } {
  const shown: PlaceRef[] = [];
  let text = '';
  for (const c of candidates) {
    const next = `${text}${text ? ' ' : ''}${shown.length + 1}${placeLabel(c)}`;
    if ([...next].length > MENU_VAR_MAX || shown.length >= 9) break;
    shown.push(c);
    text = next;
  }
  return { shown, text };
}
