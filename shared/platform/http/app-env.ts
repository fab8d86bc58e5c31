/** The Hono environment every route of the registry shares: the request id set by the request-id middleware. */
export type AppEnv = { Variables: { requestId: string } };
