import helmet from 'helmet';

// The API answers JSON and problem+json only: a response rendered as a page may load, run and frame
// nothing (OWASP REST Security Cheat Sheet).
export const apiSecurityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
});

/**
 * Swagger UI under /docs: swagger-ui-express serves the bundle and its init script as files from this
 * origin (no inline script), lays itself out with inline styles and draws icons from data: URIs, and
 * "Authorize" / "Try it out" fetch this origin. No upgrade-insecure-requests: the docs must also work
 * on plain http (a container on a LAN address), where it would point the scripts at https.
 */
export const docsContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});
