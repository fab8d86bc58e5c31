/** The portal feature's public surface: what other features and shared/app may use. */
export { registerDocsRoutes } from './docs-routes.js';
export { registerPortalRoutes } from './routes.js';
export { Layout } from './layout.js';
export { html, pageHeaders } from './routes.js';
export { ErrorPage } from './pages/error.js';
export { PORTAL_CSP } from './assets.js';
