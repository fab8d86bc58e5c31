/** The workbench feature's public surface: what shared/app may use. */
export { registerAssignmentRoutes } from './assignments-routes.js';
export { CognitoLogin } from './cognito.js';
export { WorkbenchConfigSchema, type WorkbenchConfig } from './config.js';
export { registerWorkbenchRoutes, type WorkbenchDeps } from './routes.js';
export { WorkbenchService } from './service.js';
export { SessionEnds } from './session-ends.js';
export { UploadsStore } from './uploads-store.js';
