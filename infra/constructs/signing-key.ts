/**
 * An Ed25519 KMS signing key (ECC_NIST_EDWARDS25519, SIGN_VERIFY) whose private half never leaves KMS, and the key
 * policy that lets only the named roles sign: a Deny on kms:Sign for every other principal, so that even an
 * account administrator's IAM policy cannot grant it. The transparency log's checkpoint key and the certificate key
 * are both made here; each is the identity verifiers pin, so it is retained when the stack goes.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

export function ed25519SigningKey(scope: Construct, id: string, props: { description: string; alias: string }): Key {
  return new Key(scope, id, {
    description: props.description,
    keySpec: KeySpec.ECC_NIST_EDWARDS25519,
    keyUsage: KeyUsage.SIGN_VERIFY,
    alias: props.alias,
    removalPolicy: RemovalPolicy.RETAIN,
    pendingWindow: Duration.days(30),
  });
}

/** Grants `signers` kms:Sign and kms:GetPublicKey, and denies kms:Sign to everyone else (nobody, with no signers). */
export function onlySignedBy(key: Key, sid: string, signers: readonly IRole[]): void {
  for (const role of signers) key.grant(role, 'kms:Sign', 'kms:GetPublicKey');
  const arns = signers.map((r) => r.roleArn);
  key.addToResourcePolicy(
    new PolicyStatement({
      sid,
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:Sign'],
      resources: ['*'],
      ...(arns.length > 0
        ? { conditions: { ArnNotEquals: { 'aws:PrincipalArn': arns.length === 1 ? arns[0] : arns } } }
        : {}),
    }),
  );
}
