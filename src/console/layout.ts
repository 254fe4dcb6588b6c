import type { Role } from '../domain/access.js';
import { csrfField, html, type FieldErrors, type Html } from './html.js';

export interface PageUser {
  name: string;
  role: Role;
}

const NAV: { href: string; label: string; roles: readonly Role[] }[] = [
  { href: '/console', label: '概览', roles: ['admin', 'caseworker', 'employer'] },
  { href: '/console/openings', label: '招工', roles: ['admin', 'caseworker', 'employer'] },
  { href: '/console/workers', label: '工人', roles: ['admin', 'caseworker'] },
  { href: '/console/reminders', label: '提醒', roles: ['admin', 'caseworker'] },
  { href: '/console/calls', label: '回访名单', roles: ['admin', 'caseworker'] },
  { href: '/console/cases', label: '案件', roles: ['admin', 'caseworker'] },
  { href: '/console/map', label: '地图', roles: ['admin', 'caseworker'] },
  { href: '/console/bulletins', label: '村广播', roles: ['admin', 'caseworker'] },
  { href: '/console/outcomes', label: '成效', roles: ['admin', 'caseworker'] },
  { href: '/console/review', label: '待审核', roles: ['admin', 'caseworker'] },
  { href: '/console/admin', label: '管理', roles: ['admin'] },
];

export const ROLE_NAMES: Record<Role, string> = { admin: '管理员', caseworker: '就业站', employer: '雇主' };

export interface PageOpts {
  title: string;
  user?: PageUser;
  csrf: string;
  /** Which nav entry is current. */
  nav?: string;
  notice?: string;
  /**
   * A print layout (?print=1): no navigation, no sign-out, no forms or buttons; a heading with
   * the title, the station and the date, so the sheet on the station's wall says what it is.
   */
  print?: { station: string; date: string };
}

/** The page frame: header with navigation and sign-out, the CSRF token for the page's script. */
export function page(o: PageOpts, body: Html): Html {
  return html`<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="csrf-token" content="${o.csrf}">
<title>${o.title} · 归雁就业</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body${o.print ? html` class="print"` : ''}>
${o.print ? html`<header class="print-head"><p>归雁就业 · ${o.print.station} · 打印日期 ${o.print.date}</p></header>` : html`<header class="top"><a class="brand" href="/console">归雁就业</a>
${
  o.user
    ? html`<nav>${NAV.filter((n) => n.roles.includes(o.user!.role)).map((n) => html`<a href="${n.href}"${n.href === o.nav ? html` class="on"` : ''}>${n.label}</a>`)}</nav>
<div class="me"><span>${o.user.name}（${ROLE_NAMES[o.user.role]}）</span><a href="/console/password">改密码</a>
<form method="post" action="/console/logout" class="inline">${csrfField(o.csrf)}<button>退出</button></form></div>`
    : ''
}
</header>`}
<main>${o.notice ? html`<div class="notice" role="status">${o.notice}</div>` : ''}${body}</main>
<script src="/console/assets/console.js" defer></script>
</body></html>`;
}

/** Errors that belong to no single field, above the form. */
export function formError(errors: FieldErrors): Html {
  return errors._form ? html`<div class="form-error" role="alert">${errors._form}</div>` : html``;
}
