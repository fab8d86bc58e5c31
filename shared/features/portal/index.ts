/** The portal feature's public surface: what other features and shared/app may use. */
export { registerDocsRoutes } from './docs-routes.js';
export { registerPortalRoutes } from './routes.js';
export { fmt, Layout, qs, type Crumb } from './layout.js';
export { pageHeaders } from './routes.js';
