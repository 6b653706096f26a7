// The renderer's Content Security Policy, for both ways of serving the pages: the desktop shell's windows
// and browser mode's HTTP responses. Plain strings, so neither side imports the other.

/**
 * The renderer's Content Security Policy, also set as a meta tag in renderer/index.html (a test keeps
 * the two equal); the desktop loads the files and relies on that tag. ws://127.0.0.1 is for browser mode's
 * local server; everything else is the app's own files.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * The same policy as an HTTP header (browser mode's responses), with frame-ancestors: only a header can
 * say it, since a meta tag's frame-ancestors is ignored (and Chromium logs a notice about it).
 */
export const RENDERER_CSP_HEADER = `${RENDERER_CSP}; frame-ancestors 'none'`;
