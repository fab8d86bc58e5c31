// biome-ignore-all format: one export per command, each wrapped to stay within the project's 120 columns
/**
 * What the Lambda bundles resolve `@aws-sdk/client-dynamodb` to (bundleSpec.alias): the client and the commands
 * and errors the registry uses, each from its own module of the pinned package.
 *
 * The package's index re-exports everything (`export *` of 62 commands, the aggregated `DynamoDB` client, waiters,
 * paginators and every operation's schema). A bundle whose modules are reached through `import()` (the public
 * function's lazily loaded routes) has esbuild wrap them in lazy initialisers, and a wrapped `export *` keeps the
 * whole namespace: 76 KiB instead of 32. Importing the modules directly leaves nothing to keep. A name our code
 * imports and this file lacks fails the build ("No matching export"), never the running function. JavaScript, not
 * TypeScript, because the package ships types only for its index; tests and the CLI use the package as installed.
 */
export { DynamoDBClient } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/DynamoDBClient.js';
export {
  BatchGetItemCommand,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/BatchGetItemCommand.js';
export {
  BatchWriteItemCommand,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/BatchWriteItemCommand.js';
export { CreateTableCommand } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/CreateTableCommand.js';
export { DeleteItemCommand } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/DeleteItemCommand.js';
export {
  DescribeTableCommand,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/DescribeTableCommand.js';
export { GetItemCommand } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/GetItemCommand.js';
export { PutItemCommand } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/PutItemCommand.js';
export { QueryCommand } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/QueryCommand.js';
export { UpdateItemCommand } from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/UpdateItemCommand.js';
export {
  UpdateTimeToLiveCommand,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/commands/UpdateTimeToLiveCommand.js';
export {
  ConditionalCheckFailedException,
  ResourceNotFoundException,
} from '../../node_modules/@aws-sdk/client-dynamodb/dist-es/models/errors.js';
