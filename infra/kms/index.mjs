/**
 * What the Lambda bundles resolve `@aws-sdk/client-kms` to (bundleSpec.alias): the client and the commands the
 * registry sends (GenerateMac for derived keys, Sign and GetPublicKey for the Ed25519 signers), each from its own
 * module of the pinned package, for the reason infra/dynamodb/index.mjs gives: the package's index re-exports every
 * command and its schema, and a bundle that reaches the client through `import()` (shared/platform/kms-derived-key.ts)
 * keeps the whole namespace. A name our code imports and this file lacks fails the build, never the running function.
 */
export { KMSClient } from '../../node_modules/@aws-sdk/client-kms/dist-es/KMSClient.js';
export { GenerateMacCommand } from '../../node_modules/@aws-sdk/client-kms/dist-es/commands/GenerateMacCommand.js';
export { GetPublicKeyCommand } from '../../node_modules/@aws-sdk/client-kms/dist-es/commands/GetPublicKeyCommand.js';
export { SignCommand } from '../../node_modules/@aws-sdk/client-kms/dist-es/commands/SignCommand.js';
