import { useEffect, useRef } from 'react';
import { useAuth } from '../auth/auth-context';
import { coinLabel } from '../lib/format-coins';
import { describeFreshness } from '../lib/freshness';
import { CANCEL_PATH, SUCCESS_PATH, useLocation } from '../lib/navigation';
import { rememberReferralOffer } from '../lib/referral-offer';
import { useCoins } from '../state/coins-context';
import { ActiveHolds } from './ActiveHolds';
import { AdminBatchesPanel } from './AdminBatchesPanel';
import { AdminGivePanel } from './AdminGivePanel';
import { AdminGrantsPanel } from './AdminGrantsPanel';
import { AdminUserLookup } from './AdminUserLookup';
import { BundleCards } from './BundleCards';
import { DasWosCoinDisplay } from './DasWosCoinDisplay';
import { HistoryTable } from './HistoryTable';
import { PlanCards } from './PlanCards';
import { PurchaseCancelled, PurchaseSuccess } from './PurchaseResultPage';
import { ReferralCard } from './ReferralCard';
import { RewardRules } from './RewardRules';
import { SignInPanel } from './SignInPanel';
import { SubscriptionSection } from './SubscriptionPanel';
import { SupplyFigures } from './SupplyFigures';
import { TransferForm } from './TransferForm';

/** The balance's Buy and Send: to the bundles, or into the send form, keyboard focus included. */
function jumpTo(id: string): void {
  const target = document.getElementById(id);
  target?.scrollIntoView?.({ block: 'start' });
  target?.focus();
}

function BalanceSummary() {
  const { balance, balanceError, held, refreshBalance, freshness } = useCoins();
  const staleNote = describeFreshness(freshness);
  return (
    <section className="panel balance-summary" aria-labelledby="balance-heading">
      {/* Focusable so that a sign-in can land the keyboard here (see DasWosCoinsPage). */}
      <h2 id="balance-heading" tabIndex={-1}>
        Your balance
      </h2>
      <div className="balance-summary__amount" data-testid="page-balance">
        {balance === undefined ? (
          balanceError ? (
            <span className="muted">{balanceError}</span>
          ) : (
            <span className="skeleton skeleton--line" role="status" aria-label="Loading balance" />
          )
        ) : (
          <DasWosCoinDisplay amount={balance} size="lg" />
        )}
      </div>
      {held > 0 ? (
        <p className="balance-summary__held" data-testid="balance-held">
          Plus {coinLabel(held)} on hold
        </p>
      ) : null}
      <p role="status" className="freshness" data-testid="balance-freshness">
        {balance === undefined ? '' : staleNote}
      </p>
      <div className="actions balance-summary__actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => jumpTo('bundles-heading')}
        >
          Buy
        </button>
        <button
          type="button"
          className="button button--primary"
          onClick={() => jumpTo('transfer-user')}
        >
          Send
        </button>
        <button
          type="button"
          className="button button--quiet"
          onClick={() => void refreshBalance()}
        >
          Refresh
        </button>
      </div>
    </section>
  );
}

/** A title per page, so that tabs, history and screen readers tell the pages apart. */
function pageTitle(pathname: string, status: string): string {
  if (pathname === SUCCESS_PATH) return 'Purchase · DasWos Coins';
  if (pathname === CANCEL_PATH) return 'Purchase cancelled · DasWos Coins';
  if (status === 'signed-in') return 'Your coins · DasWos Coins';
  return 'Buy DasWos coins · DasWos Coins';
}

/**
 * Buy and manage DasWos coins: balance, bundles, transfers, history and supply for everyone
 * signed in, and the give-coins panel for admins. The Checkout return pages live here too.
 */
export function DasWosCoinsPage() {
  const { state } = useAuth();
  const { pathname, search } = useLocation();
  // `?ref=CODE`: kept through the sign-in, then offered by the referral card.
  useEffect(() => rememberReferralOffer(search), [search]);
  // After a sign-in on this page the keyboard starts at the balance, not on <body>.
  const signedOutHere = useRef(false);
  useEffect(() => {
    if (state.status === 'signed-out') signedOutHere.current = true;
    if (state.status === 'signed-in' && signedOutHere.current) {
      signedOutHere.current = false;
      document.getElementById('balance-heading')?.focus();
    }
  }, [state.status]);

  const title = pageTitle(pathname, state.status);
  useEffect(() => {
    document.title = title;
  }, [title]);

  if (state.status === 'loading') return <p className="muted">Signing you in…</p>;
  if (pathname === SUCCESS_PATH) {
    return <PurchaseSuccess sessionId={new URLSearchParams(search).get('session_id') ?? ''} />;
  }
  if (pathname === CANCEL_PATH) return <PurchaseCancelled />;
  if (state.status !== 'signed-in') {
    return (
      <div className="page-grid">
        <SignInPanel />
        <BundleCards />
        <PlanCards />
        <RewardRules />
        <SupplyFigures />
      </div>
    );
  }
  return (
    <div className="page-grid">
      <div className="stack">
        <BalanceSummary />
        <ActiveHolds />
      </div>
      <TransferForm />
      <BundleCards />
      <SubscriptionSection />
      <ReferralCard />
      <RewardRules />
      {state.user.isAdmin ? (
        <>
          <AdminGivePanel />
          <AdminGrantsPanel />
          <AdminBatchesPanel />
          <AdminUserLookup />
        </>
      ) : null}
      <HistoryTable userId={state.user.id} />
      <SupplyFigures />
    </div>
  );
}
