/** Structured request logging for the Lambda entry points (one module, so each bundle takes only this). */
export { logger, withRequestLog, type HttpApiHandler } from '../platform/lambda/log.js';
