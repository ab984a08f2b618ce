import { useEffect, useState } from 'react';
import type { RewardRulesResponse } from '../api/api-types';
import { describeError } from '../lib/error-messages';
import { coinLabel } from '../lib/format-coins';
import { useCoins } from '../state/coins-context';

type Rule = RewardRulesResponse['rules'][number];

/** `listing-created` -> "Listing created". */
function actionName(action: string): string {
  const words = action.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function limitOf(rule: Rule): string {
  if (rule.lifetimeLimit === 1) return 'once';
  if (rule.lifetimeLimit) return `up to ${rule.lifetimeLimit} times`;
  if (rule.dailyLimit === 1) return 'once a day';
  if (rule.dailyLimit) return `up to ${rule.dailyLimit} times a day`;
  return 'every time';
}

/** Ways to earn coins: the reward catalogue, shown to everyone. Earned rewards are in the history. */
export function RewardRules() {
  const { api } = useCoins();
  const [rules, setRules] = useState<readonly Rule[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    api.rewardRules().then(
      (answer) => setRules(answer.rules),
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [api]);

  if (rules?.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="rewards-heading">
      <h2 id="rewards-heading">Ways to earn coins</h2>
      {error ? <p role="alert">{error}</p> : null}
      {rules === undefined && !error ? (
        <div className="skeleton skeleton--cards" role="status" aria-label="Loading rewards" />
      ) : null}
      <dl className="figures">
        {rules?.map((rule) => (
          <div key={rule.action} data-testid={`reward-${rule.action}`}>
            <dt>{actionName(rule.action)}</dt>
            <dd>
              {coinLabel(rule.coins)}, {limitOf(rule)}
            </dd>
          </div>
        ))}
      </dl>
      <p className="muted">Rewards you earn appear in your history as they are paid.</p>
    </section>
  );
}
