/**
 * Who may sign in: a Cognito user pool with the registry's four roles as groups and the scope claims as
 * custom attributes (custom:units, custom:region), plus the app client whose access tokens the HTTP API's
 * JWT authorizer accepts. Cognito puts custom attributes in ID tokens only, so a pre-token-generation
 * trigger (V2) copies them into access tokens, where shared/features/auth/claims.ts reads them.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnManagedLoginBranding,
  ClientAttributes,
  ManagedLoginVersion,
  OAuthScope,
  FeaturePlan,
  LambdaVersion,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolClient,
  UserPoolDomain,
  UserPoolOperation,
} from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ROLES } from '../../shared/features/auth/index.js';

/**
 * What each group may do, as the authorization policy (shared/features/auth/policy.ts) decides it. A person's
 * scope is the token's custom:units or custom:region plus the assignments an administrator stored in the workbench.
 */
const ROLE_DESCRIPTIONS: Record<(typeof ROLES)[number], string> = {
  admin:
    '管理员: registers, amends and revokes enforcement entities (as drafts a reviewer approves) and reads drafts; ' +
    'assigns editors to units and reviewers and auditors to regions within its own region only; approves nothing',
  editor:
    '填报人员: uploads, checks and submits list drafts, and plans and draws random inspections, for its units only ' +
    '(custom:units or assigned); approves nothing',
  reviewer:
    '法制审核人员: approves or returns submitted drafts of units in its region (custom:region or assigned), ' +
    'never one it drafted or submitted; edits no list',
  auditor:
    '审计人员: reads drafts, reviews, list history and the audit trail (全过程记录) in its region ' +
    '(custom:region or assigned); changes nothing',
};

export interface UserDirectoryProps {
  stage: string;
  /** The function that adds custom:units and custom:region to access tokens. */
  preTokenGeneration: IFunction;
}

/** The browser workbench's sign-in: where Cognito sends people back after signing in and out. */
export interface WorkbenchLoginProps {
  callbackUrls: string[];
  logoutUrls: string[];
}

export class UserDirectory extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  workbenchClient?: UserPoolClient;
  loginDomain?: UserPoolDomain;
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: UserDirectoryProps) {
    super(scope, id);
    this.stage = props.stage;
    this.userPool = new UserPool(this, 'Users', {
      userPoolName: `gongshi-${props.stage}`,
      // Staff accounts are created by an admin; nobody signs themselves up to publish law-enforcement lists.
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        units: new StringAttribute({ minLen: 0, maxLen: 2048, mutable: true }),
        region: new StringAttribute({ minLen: 0, maxLen: 16, mutable: true }),
      },
      // Every account can change what the public reads as law: a second factor, always (TOTP, no SMS cost).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, risky sign-ins), billed per active user only.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const role of ROLES) {
      this.userPool.addGroup(`Group-${role}`, { groupName: role, description: ROLE_DESCRIPTIONS[role] });
    }
    this.userPool.addTrigger(
      UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      props.preTokenGeneration,
      LambdaVersion.V2_0,
    );

    this.client = this.userPool.addClient('ApiClient', {
      userPoolClientName: `gongshi-${props.stage}-api`,
      // SRP for browsers and SDKs; USER_PASSWORD for the CLI sign-in in the README (TLS, MFA still required).
      authFlows: { userSrp: true, userPassword: true },
      generateSecret: false,
      disableOAuth: true,
      // Users may not edit their own scope: custom:units and custom:region are set by an administrator only
      // (by default any signed-in user could rewrite every attribute with their own access token).
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
    });
  }

  /**
   * The managed login (Cognito's hosted pages, with the pool's MFA) on a Cognito domain, and a public app client
   * for the workbench: authorization code only, no secret (the function sends a PKCE verifier), callback and
   * sign-out URLs of this stage only. The write function verifies the tokens itself against the pool's JWKS.
   */
  addWorkbenchLogin(props: WorkbenchLoginProps): { domain: UserPoolDomain; client: UserPoolClient } {
    this.loginDomain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: `gongshi-${this.stage}` },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.workbenchClient = this.userPool.addClient('WorkbenchClient', {
      userPoolClientName: `gongshi-${this.stage}-workbench`,
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(10),
    });
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.workbenchClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    return { domain: this.loginDomain, client: this.workbenchClient };
  }
}
