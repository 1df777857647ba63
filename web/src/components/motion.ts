import { useSyncExternalStore } from 'react';

const media = window.matchMedia('(prefers-reduced-motion: reduce)');

function subscribe(onChange: () => void) {
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

/** Whether the person asked their system for less motion: dialogs, menus and messages then appear without sliding. */
export const usePrefersReducedMotion = () => useSyncExternalStore(subscribe, () => media.matches);
