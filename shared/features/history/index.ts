/** The history feature's public surface: what other features and shared/app may use. */
export { registerHistoryRoutes } from './routes.js';
