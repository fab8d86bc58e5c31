/** The claim names the Cognito pre-token trigger copies into access tokens, as the authenticator reads them. */
export { CLAIMS } from '../features/auth/claims.js';
