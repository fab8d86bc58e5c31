/** The Hono environment every route of the registry shares: the request id set by the request-id middleware. */
export type AppEnv = { Variables: { requestId: string } };

// hono/request-id sets `requestId` on every request; declaring it types `c.get('requestId')` in any handler.
declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
  }
}
