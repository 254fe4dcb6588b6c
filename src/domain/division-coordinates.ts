/**
 * Township coordinates an operator loads from a file (the division data has none), checked
 * row by row so one bad line is reported by its number and the rest still load. Pure.
 */
export interface CoordinateRow {
  divisionCode: string;
  latitude: number;
  longitude: number;
}

export interface CoordinateProblem {
  line: number;
  message: string;
}

// Mainland China's extent, generously: a point outside it is a swapped or mistyped pair.
const LAT = [17, 54] as const;
const LNG = [73, 136] as const;

/**
 * Reads CSV records with a header naming `code`, `latitude`/`lat` and `longitude`/`lng`/`lon`
 * (other columns ignored). `known` says whether a division code exists.
 */
export function parseCoordinateRecords(
  records: readonly Record<string, string>[],
  known: (code: string) => boolean,
): { rows: CoordinateRow[]; problems: CoordinateProblem[] } {
  const rows: CoordinateRow[] = [];
  const problems: CoordinateProblem[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const line = i + 2; // the header is line 1
    const pick = (...names: string[]) => names.map((n) => r[n]).find((v) => v !== undefined && v.trim() !== '')?.trim();
    const code = pick('code', 'division_code', '代码');
    // Decimal degrees only: Number() would also take hex (0x17), binary and exponents.
    const decimal = (v: string | undefined) => (v !== undefined && /^[+-]?\d{1,3}(\.\d+)?$/.test(v) ? Number(v) : Number.NaN);
    const lat = decimal(pick('latitude', 'lat', '纬度'));
    const lng = decimal(pick('longitude', 'lng', 'lon', '经度'));
    if (!code || !/^\d{9}(\d{3})?$/.test(code)) return problems.push({ line, message: `code must be a 9-digit township or 12-digit village code, got "${code ?? ''}"` });
    if (!known(code)) return problems.push({ line, message: `no division with code ${code} is loaded` });
    if (!Number.isFinite(lat) || lat < LAT[0] || lat > LAT[1]) return problems.push({ line, message: `latitude must be a number between ${LAT[0]} and ${LAT[1]}` });
    if (!Number.isFinite(lng) || lng < LNG[0] || lng > LNG[1]) return problems.push({ line, message: `longitude must be a number between ${LNG[0]} and ${LNG[1]} (latitude and longitude swapped?)` });
    const earlier = seen.get(code);
    if (earlier !== undefined) return problems.push({ line, message: `code ${code} already given on line ${earlier}` });
    seen.set(code, line);
    rows.push({ divisionCode: code, latitude: lat, longitude: lng });
    return undefined;
  });
  return { rows, problems };
}
