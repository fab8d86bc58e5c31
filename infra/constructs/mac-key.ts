/**
 * A KMS HMAC key (HMAC_256, GENERATE_VERIFY_MAC) that stands in for a shared secret: the functions that need the
 * secret derive it at cold start with one kms:GenerateMac over a fixed label (shared/platform/kms-derived-key.ts), so
 * their environment carries only the key's ARN and the secret itself is in no configuration anyone can read. The key
 * policy denies kms:GenerateMac to every principal but the named roles. Nothing durable depends on a derived secret
 * (a cursor in flight, a workbench session), so the key goes with the stack.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export function macKeyFor(
  scope: Construct,
  id: string,
  props: { description: string; alias: string; sid: string; roles: readonly IRole[] },
): Key {
  const key = new Key(scope, id, {
    description: props.description,
    keySpec: KeySpec.HMAC_256,
    keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
    alias: props.alias,
    removalPolicy: RemovalPolicy.DESTROY,
    pendingWindow: Duration.days(7),
  });
  for (const role of props.roles) key.grant(role, 'kms:GenerateMac');
  const arns = props.roles.map((r) => r.roleArn);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: props.sid,
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:GenerateMac'],
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': arns.length === 1 ? arns[0] : arns } },
    }),
  );
  return key;
}
