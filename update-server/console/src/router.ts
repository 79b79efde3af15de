/**
 * The console's addresses: /console/<area>[/<id>][?query]. Links are real links (open in a new tab works); a click
 * inside the console moves with the History API, and the server answers any /console/* path with the page, so a
 * reload keeps the view.
 */
import { useEffect, useState } from 'react';

export const BASE = '/console';

export interface Place {
  /** The area's id, or '' at /console itself (the app opens the first area the role may use). */
  area: string;
  id?: string;
  query: URLSearchParams;
}

export function placeOf(location: Pick<Location, 'pathname' | 'search'>): Place {
  const rest = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : location.pathname;
  const [area = '', id] = rest.split('/').filter(Boolean).map(decodeURIComponent);
  return { area, ...(id !== undefined ? { id } : {}), query: new URLSearchParams(location.search) };
}

export function href(area: string, id?: string, query?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, v);
  const search = params.toString();
  return `${BASE}/${area}${id !== undefined ? `/${encodeURIComponent(id)}` : ''}${search ? `?${search}` : ''}`;
}

const listeners = new Set<() => void>();

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of listeners) l();
}

export function usePlace(): Place {
  const [place, setPlace] = useState(() => placeOf(window.location));
  useEffect(() => {
    const update = () => setPlace(placeOf(window.location));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return place;
}

/** A click on an in-console link moves without reloading (modifier clicks keep the browser's own behaviour). */
export function followLink(event: React.MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const to = event.currentTarget.getAttribute('href');
  if (!to || !to.startsWith(BASE)) return;
  event.preventDefault();
  navigate(to);
}
