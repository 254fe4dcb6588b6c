/** One division's centroid, as an operator supplies it. */
export interface DivisionCoordinate {
  code: string;
  latitude: number;
  longitude: number;
}

export interface CoordinateParse {
  rows: DivisionCoordinate[];
  /** "line 3: latitude 95 is not between -90 and 90"; nothing should be loaded while any exist. */
  errors: string[];
}

/**
 * Reads `code,lat,lng` lines (a header line and blank lines are allowed; commas, tabs or
 * spaces separate). Division codes are 6, 9 or 12 digits; a code given twice is an error, so
 * a file cannot silently say two things about one place.
 */
export function parseCoordinates(text: string): CoordinateParse {
  const rows: DivisionCoordinate[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const parts = line.split(/\s*[,\t ]\s*/);
    if (i === 0 && !/^\d/.test(parts[0] ?? '')) return; // header
    const where = `line ${i + 1}`;
    if (parts.length !== 3) return void errors.push(`${where}: expected code,lat,lng`);
    const [code, lat, lng] = parts as [string, string, string];
    const latitude = Number(lat);
    const longitude = Number(lng);
    if (!/^(\d{6}|\d{9}|\d{12})$/.test(code)) return void errors.push(`${where}: "${code}" is not a 6, 9 or 12-digit division code`);
    if (!lat || !Number.isFinite(latitude) || latitude < -90 || latitude > 90) return void errors.push(`${where}: latitude "${lat}" is not between -90 and 90`);
    if (!lng || !Number.isFinite(longitude) || longitude < -180 || longitude > 180) return void errors.push(`${where}: longitude "${lng}" is not between -180 and 180`);
    if (seen.has(code)) return void errors.push(`${where}: ${code} is given twice`);
    seen.add(code);
    rows.push({ code, latitude, longitude });
  });
  return { rows, errors };
}
