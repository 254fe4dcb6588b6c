import { html, type Html } from './html.js';

/**
 * The map of workers and workshops by township (issue #18), drawn on the server as inline SVG
 * from the township points an operator loaded (npm run coordinates:load; the division data has
 * none): no tiles, no script, no outside request, a few KB, so it works on a village link and
 * behind a county network that blocks map services. Pure.
 */
export interface TownshipTally {
  code: string;
  name: string;
  /** Workers living there who may be alerted (registered, not opted out). */
  workers: number;
  /** Of them, active (not paused). */
  active: number;
  workshops: number;
  /** Openings taking people now. */
  openings: number;
  /** The township's point, or the middle of its villages' points; null when none is loaded. */
  point: { lat: number; lng: number } | null;
}

export interface Projected extends TownshipTally {
  x: number;
  y: number;
  /** Radius of the workers' circle. */
  r: number;
}

const W = 640;
const H = 480;
const PAD = 36;
const R_MIN = 3;
const R_MAX = 26;

/**
 * Places the townships that have a point in a W×H box, north up: longitude scaled by the
 * cosine of the middle latitude so distances look right at Honghe's 23° N, the whole extent
 * fitted with a margin, circle areas in proportion to the workers (the largest R_MAX).
 */
export function project(rows: readonly TownshipTally[]): { points: Projected[]; width: number; height: number } {
  // A point that is not a finite number (a row written by hand) is left off, not drawn as NaN.
  const placed = rows.filter((r): r is TownshipTally & { point: { lat: number; lng: number } } => r.point !== null && Number.isFinite(r.point.lat) && Number.isFinite(r.point.lng));
  if (placed.length === 0) return { points: [], width: W, height: H };
  const lats = placed.map((r) => r.point.lat);
  const lngs = placed.map((r) => r.point.lng);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  const xs = lngs.map((l) => l * k);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...lats), Math.max(...lats)];
  // One point (or all on one spot) sits in the middle; otherwise the extent fills the box, same scale both ways.
  const span = Math.max(x1 - x0, y1 - y0);
  const scale = span > 0 ? Math.min((W - 2 * PAD) / Math.max(x1 - x0, 1e-9), (H - 2 * PAD) / Math.max(y1 - y0, 1e-9)) : 0;
  const most = Math.max(1, ...placed.map((r) => r.workers));
  const points = placed.map((r, i) => ({
    ...r,
    x: span > 0 ? W / 2 + (xs[i]! - (x0 + x1) / 2) * scale : W / 2,
    y: span > 0 ? H / 2 - (r.point.lat - (y0 + y1) / 2) * scale : H / 2,
    r: r.workers > 0 ? R_MIN + (R_MAX - R_MIN) * Math.sqrt(r.workers / most) : 0,
  }));
  return { points, width: W, height: H };
}

const f1 = (n: number) => n.toFixed(1);

/** What one township says, read out and shown on hover. */
export function townshipLine(t: TownshipTally): string {
  return `${t.name}：工人 ${t.workers} 人（在接收 ${t.active} 人），车间 ${t.workshops} 个，在招 ${t.openings} 个`;
}

/**
 * The map: a circle per township sized by its workers, a square beside it when it has workshops
 * (darker when they are hiring), names written when there are few enough to read. Townships
 * without a point are listed under the map, so no one is left out of the picture silently.
 */
export function townshipMap(rows: readonly TownshipTally[], title: string): Html {
  const { points, width, height } = project(rows);
  const drawn = new Set(points.map((p) => p.code));
  const missing = rows.filter((r) => !drawn.has(r.code) && (r.workers > 0 || r.workshops > 0));
  if (points.length === 0) {
    return html`<figure class="map" id="township-map"><figcaption>${title}</figcaption>
<p class="notice" id="map-no-points">还没有导入乡镇坐标，画不出地图；下面的表照样按乡镇列出人数。请管理员导入乡镇坐标表（乡镇代码、纬度、经度）后再来看。</p></figure>`;
  }
  const label = `${title}：${points.map(townshipLine).join('；')}`;
  const named = points.length <= 40;
  const marks = [...points]
    .sort((a, b) => b.r - a.r) // small circles drawn last, on top of big ones
    .map(
      (p) => html`<g class="twp" data-code="${p.code}"><title>${townshipLine(p)}</title>${
        p.r > 0 ? html`<circle class="m-workers" cx="${f1(p.x)}" cy="${f1(p.y)}" r="${f1(p.r)}"/>` : html`<circle class="m-empty" cx="${f1(p.x)}" cy="${f1(p.y)}" r="2"/>`
      }${p.workshops > 0 ? html`<rect class="${p.openings > 0 ? 'm-hiring' : 'm-shop'}" x="${f1(p.x + Math.max(p.r, 2) + 1)}" y="${f1(p.y - 5)}" width="9" height="9"/>` : ''}${
        named ? html`<text x="${f1(p.x)}" y="${f1(p.y + Math.max(p.r, 2) + 11)}" text-anchor="middle">${p.name}</text>` : ''
      }</g>`,
    );
  return html`<figure class="map" id="township-map"><figcaption>${title}</figcaption>
<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><title>${title}</title>${marks}</svg>
<p class="legend"><span><i class="m-workers"></i>圆越大工人越多</span><span><i class="m-hiring"></i>有车间在招工</span><span><i class="m-shop"></i>有车间（现在没招）</span><span class="muted">北在上；把鼠标放在圆上看数字</span></p>
${missing.length ? html`<p class="muted" id="map-missing">没有坐标、没画在图上的乡镇：${missing.map((m) => m.name).join('、')}</p>` : ''}</figure>`;
}
