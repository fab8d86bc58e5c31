/**
 * Stored card credentials: the signed credential (GSC1.…) of a certificate's current record, signed once by the
 * process that holds the certificate key, right after the officers list that states the record is published, so
 * that the public function serves credentials and cards with no signing key (it only reads). One item per number,
 * beside its index item. A credential is never replaced by one for an older record (conditional on its issue time).
 */
import { GetItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchGetAll } from '../../platform/dynamodb/batch.js';
import { conditionalWrite } from '../../platform/dynamodb/conditional.js';
import { officerKeys } from './keys.js';

export interface StoredCredential {
  certificateNumber: string;
  /** The signed text, exactly as signed. */
  credential: string;
  /** Its issue time (the publishedAt of the list version it states) and signing key id. */
  iat: string;
  kid: string;
}

const keyAttributes = (number: string) => ({ pk: officerKeys.certificate(number), sk: officerKeys.credential });
const keyOf = (number: string) => marshall(keyAttributes(number));

export class CredentialStore {
  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
  ) {}

  /** One GetItem. */
  async get(certificateNumber: string): Promise<StoredCredential | undefined> {
    const out = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: keyOf(certificateNumber) }),
    );
    return out.Item ? decode(out.Item) : undefined;
  }

  /** Many numbers, 100 per BatchGetItem; absent numbers are absent from the map. */
  async getMany(numbers: readonly string[]): Promise<Map<string, StoredCredential>> {
    const items = await batchGetAll(this.client, this.tableName, [...new Set(numbers)].map(keyOf));
    return new Map(items.map(decode).map((c) => [c.certificateNumber, c]));
  }

  /** Stores a credential unless one for a later record is stored already; true when this one was stored. */
  async put(c: StoredCredential): Promise<boolean> {
    const out = await conditionalWrite(
      this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall({ ...keyAttributes(c.certificateNumber), ...c }),
          ConditionExpression: 'attribute_not_exists(pk) OR iat <= :iat',
          ExpressionAttributeValues: marshall({ ':iat': c.iat }),
        }),
      ),
    );
    return out !== undefined;
  }
}

function decode(raw: Record<string, AttributeValue>): StoredCredential {
  const { certificateNumber, credential, iat, kid } = unmarshall(raw) as StoredCredential;
  return { certificateNumber, credential, iat, kid };
}
