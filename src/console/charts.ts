import { html, type Html } from './html.js';

/**
 * Charts drawn on the server as inline SVG: no script, no library, a few KB a chart, so a page
 * stays light on a village link. Colours come from CSS classes (the CSP allows no inline style).
 * Each chart is an image with a <title> and an aria-label that reads out every number, and the
 * same numbers follow in a small table for anyone who cannot see the bars.
 */
export interface Series {
  /** What the series counts (已发, 送达…), for the legend, the table and the label. */
  name: string;
  /** CSS class of its bars (.c-sent, .c-delivered…). */
  cls: string;
  values: readonly number[];
}

export interface BarChart {
  id: string;
  title: string;
  /** One label per bar group (12-01, 第48周…). */
  labels: readonly string[];
  series: readonly Series[];
  /** Unit after the numbers in the label and table (条, 人). */
  unit: string;
}

const W = 420;
const H = 170;
const LEFT = 30;
const BOTTOM = 20;
const TOP = 8;

/** A round axis maximum at or above `max`: 1, 2, 5 × 10^n (at least 1). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** Everything a screen reader says for the chart: each group with every series' number. */
export function chartLabel(c: BarChart): string {
  const groups = c.labels.map((l, i) => `${l} ${c.series.map((s) => `${s.name}${s.values[i] ?? 0}`).join('、')}`);
  return `${c.title}（单位：${c.unit}）：${groups.join('；')}`;
}

/** Grouped bars (one group per label, one bar per series), the axis maximum and every other label written. */
export function barChart(c: BarChart): Html {
  const n = c.labels.length;
  const top = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const plotW = W - LEFT - 4;
  const plotH = H - TOP - BOTTOM;
  const groupW = n ? plotW / n : plotW;
  const barW = Math.max(1, (groupW * 0.8) / Math.max(1, c.series.length));
  const every = n > 8 ? 2 : 1;
  const y = (v: number) => TOP + plotH - (v / top) * plotH;
  const bars = c.series.flatMap((s, k) =>
    s.values.map((v, i) => {
      const x = LEFT + i * groupW + groupW * 0.1 + k * barW;
      const h = Math.max(0, (v / top) * plotH);
      return html`<rect class="${s.cls}" x="${x.toFixed(1)}" y="${(TOP + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}"><title>${c.labels[i]} ${s.name} ${v} ${c.unit}</title></rect>`;
    }),
  );
  const ticks = c.labels.map((l, i) =>
    i % every === (n - 1) % every ? html`<text x="${(LEFT + i * groupW + groupW / 2).toFixed(1)}" y="${H - 6}" text-anchor="middle">${l}</text>` : '',
  );
  const label = chartLabel(c);
  return html`<figure class="chart" id="${c.id}"><figcaption>${c.title}</figcaption>
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}"><title>${c.title}</title>
<line class="axis" x1="${LEFT}" y1="${y(0)}" x2="${W - 4}" y2="${y(0)}"/><line class="grid" x1="${LEFT}" y1="${y(top)}" x2="${W - 4}" y2="${y(top)}"/><line class="grid" x1="${LEFT}" y1="${y(top / 2)}" x2="${W - 4}" y2="${y(top / 2)}"/>
<text x="${LEFT - 3}" y="${y(top) + 4}" text-anchor="end">${top}</text><text x="${LEFT - 3}" y="${y(top / 2) + 4}" text-anchor="end">${top / 2}</text><text x="${LEFT - 3}" y="${y(0)}" text-anchor="end">0</text>
${bars}${ticks}</svg>
<p class="legend">${c.series.map((s) => html`<span><i class="${s.cls}"></i>${s.name}</span>`)}<span class="muted">单位：${c.unit}</span></p>
<details><summary>看数字</summary><div class="table-wrap"><table><thead><tr><th></th>${c.series.map((s) => html`<th>${s.name}</th>`)}</tr></thead><tbody>${c.labels.map(
    (l, i) => html`<tr><th>${l}</th>${c.series.map((s) => html`<td>${s.values[i] ?? 0}</td>`)}</tr>`,
  )}</tbody></table></div></details></figure>`;
}

const DAY = 86_400_000;
const BEIJING = 8 * 3600_000;

/** The last `n` days (Beijing dates, oldest first) ending today, as YYYY-MM-DD. */
export function lastDays(now: Date, n: number): string[] {
  const today = Math.floor((now.getTime() + BEIJING) / DAY);
  return Array.from({ length: n }, (_, i) => new Date((today - (n - 1 - i)) * DAY).toISOString().slice(0, 10));
}

/** The Mondays (Beijing dates, oldest first) of the last `n` weeks including this one, as YYYY-MM-DD. */
export function lastWeeks(now: Date, n: number): string[] {
  const today = Math.floor((now.getTime() + BEIJING) / DAY);
  const monday = today - ((new Date(today * DAY).getUTCDay() + 6) % 7);
  return Array.from({ length: n }, (_, i) => new Date((monday - 7 * (n - 1 - i)) * DAY).toISOString().slice(0, 10));
}

/** The instant a Beijing date (YYYY-MM-DD) begins. */
export const beijingStart = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - BEIJING);

/** Counts keyed by date laid on the dates given, 0 where nothing happened. */
export const onDates = (dates: readonly string[], counts: ReadonlyMap<string, number>) => dates.map((d) => counts.get(d) ?? 0);
