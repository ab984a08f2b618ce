import { useEffect, useState } from 'react';

/**
 * Three pages do not need a router library: the path picks the page, links push history, and
 * the gateway (or CloudFront) answers every page path with index.html.
 */
export const COINS_PATH = '/daswos-coins';
export const SUCCESS_PATH = '/daswos-coins/success';
export const CANCEL_PATH = '/daswos-coins/cancel';

export function navigate(path: string): void {
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function readLocation(): { pathname: string; search: string } {
  return { pathname: window.location.pathname, search: window.location.search };
}

export function useLocation(): { pathname: string; search: string } {
  const [location, setLocation] = useState(readLocation);
  useEffect(() => {
    const update = () => setLocation(readLocation());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return location;
}
