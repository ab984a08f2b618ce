import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * What differs between stages. The stage comes from CDK context (`-c stage=prod`); nothing here
 * is account-specific, so the same code deploys to any account the CLI's credentials point at.
 */
export interface StageConfig {
  readonly stage: string;
  readonly isProduction: boolean;
  /** Stage-wide API Gateway throttling (steady requests/s and burst). */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logLevel: 'DEBUG' | 'INFO' | 'WARN';
  readonly logRetention: RetentionDays;
  /** API 5xx answers in five minutes that page someone. */
  readonly api5xxAlarmThreshold: number;
  /** Optional address subscribed to the alarm topic (context `alarmEmail`). */
  readonly alarmEmail?: string | undefined;
  /** The web app Stripe Checkout returns buyers to (context `clientUrl`), as CLIENT_URL. */
  readonly clientUrl?: string | undefined;
  /** Prices, plans, rewards and limits set for this deploy (infra/economy-settings.ts). */
  readonly economy: Readonly<Record<string, string>>;
}

export interface StageOptions {
  readonly alarmEmail?: string | undefined;
  readonly clientUrl?: string | undefined;
  readonly economy?: Readonly<Record<string, string>> | undefined;
}

export const DEFAULT_STAGE = 'dev';

// Stage names end up in table and stack names: keep them short, lower-case and DNS-safe.
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

export function stageConfig(
  stage: string = DEFAULT_STAGE,
  options: StageOptions = {},
): StageConfig {
  if (!STAGE_PATTERN.test(stage)) {
    throw new Error(`Invalid stage "${stage}": use 1-16 lower-case letters, digits or dashes`);
  }
  const { alarmEmail, clientUrl, economy = {} } = options;
  // Buyers are sent there with a session id: a deployed shop must not use plain http.
  if (clientUrl !== undefined && !/^https:\/\/[^\s/]+(\/\S*)?$/.test(clientUrl)) {
    throw new Error(`Invalid clientUrl "${clientUrl}": an https:// URL is required`);
  }
  const isProduction = stage === 'prod';
  // Production alarms (API 5xx, function errors, the ledger audit) must reach a person.
  if (isProduction && !alarmEmail?.trim()) {
    throw new Error(
      'stage=prod needs an alarm address: pass -c alarmEmail=ops@example.com (alarms that ' +
        'notify nobody are not deployed to production)',
    );
  }
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
    throw new Error(`Invalid alarmEmail "${alarmEmail}": an e-mail address is required`);
  }
  return {
    stage,
    isProduction,
    throttle: isProduction
      ? { rateLimit: 200, burstLimit: 400 }
      : { rateLimit: 20, burstLimit: 40 },
    logLevel: isProduction ? 'INFO' : 'DEBUG',
    // A year of production logs covers payment disputes, which Stripe allows for up to 120 days.
    logRetention: isProduction ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH,
    api5xxAlarmThreshold: isProduction ? 1 : 5,
    alarmEmail,
    clientUrl: clientUrl?.replace(/\/+$/, ''),
    economy,
  };
}
