/** The demo feature's public surface: what other features and shared/app may use. */
export { loadDemo } from './load.js';
