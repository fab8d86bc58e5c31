/** The portal feature's public surface: what other features and shared/app may use. */
export { registerDocsRoutes } from './docs-routes.js';
export { html, page, pageHeaders, registerPortalRoutes } from './routes.js';
export { isApiPath, portalNotFound } from './site-routes.js';
export { fmt, Layout, Marked, qs, type Crumb, type LayoutProps } from './layout.js';
export { FAVICON_PATH, PORTAL_CSP, PORTAL_CSS, PORTAL_CSS_URL } from './assets.js';
export { LANG_COOKIE, langSwitch, pageInLang, portalLanguage, requestLang, type PortalLang } from './language.js';
export { qrSvg } from './qr.js';
export {
  inForceOn,
  scheduledNotice,
  stateLabel,
  versionState,
  viewBanner,
  type Banner,
  type VersionFacts,
  type VersionState,
  type ViewRequest,
} from './timeline-wording.js';
export { AsOfPicker, BannerBox, PrintHeader, QrFigure, RegionPicker, StateBadge } from './pages/common.js';
export { ErrorPage } from './pages/error.js';
