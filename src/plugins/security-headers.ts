import fp from 'fastify-plugin';

/**
 * Browser security headers (what @fastify/helmet would set, written out for the few pages we
 * serve). Every response: no MIME sniffing, no framing, referrers only to ourselves, and HSTS
 * when the service is reached over https. Pages under /console get a Content-Security-Policy
 * that allows only our own script and stylesheet: no inline script, no inline style, no other
 * origin, forms post only to us. Bull Board (/console/queues, /admin/queues) is a packaged React
 * app that sets inline styles, so its pages allow inline style (never inline script).
 */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
].join('; ');

// No includeSubDomains: guiyan may run on a domain whose other hosts are not ours to pin.
const HSTS = 'max-age=31536000';

export const securityHeadersPlugin = fp<{ publicBaseUrl?: string }>(
  async (app, { publicBaseUrl }) => {
    // TLS usually ends at a proxy in front of us: an https public URL says browsers come over https.
    const httpsDeployment = Boolean(publicBaseUrl?.startsWith('https://'));
    app.addHook('onSend', async (req, reply, payload) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'same-origin');
      if (httpsDeployment || req.protocol === 'https') reply.header('strict-transport-security', HSTS);
      const path = req.url.split('?')[0]!;
      if (path === '/console' || path.startsWith('/console/') || path === '/admin/queues' || path.startsWith('/admin/queues/')) {
        const board = path.startsWith('/console/queues') || path.startsWith('/admin/queues');
        reply.header('content-security-policy', board ? BOARD_CSP : CONSOLE_CSP);
        reply.header('cross-origin-opener-policy', 'same-origin');
      }
      return payload;
    });
  },
  { name: 'guiyan-security-headers' },
);
