import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, setCsrfToken } from '../api/client.ts';
import type { Grant, Me } from '../api/types.ts';
import { changeLanguage, type Language, takeChosenLanguage } from '../i18n/index.ts';

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/api/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false, staleTime: 5 * 60_000 });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { login: string; password: string }) => api<Me>('/api/auth/sign-in', { method: 'POST', json: body }),
    onSuccess: async (me) => {
      setCsrfToken(me.csrfToken);
      // A language picked on the sign-in page stays, and becomes the account's setting.
      const chosen = takeChosenLanguage();
      if (chosen && chosen !== me.locale) {
        await api('/api/auth/me', { method: 'PATCH', json: { locale: chosen } });
        me.locale = chosen;
      }
      await changeLanguage(me.locale);
      client.setQueryData(['me'], me);
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean = false) =>
      api(everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out', { method: 'POST' }),
    onSettled: () => {
      setCsrfToken(undefined);
      client.clear();
      client.setQueryData(['me'], null);
    },
  });
}

/** Switches the UI language and, when signed in, keeps it as the account's setting. */
export function useSetLanguage() {
  const client = useQueryClient();
  return async (lng: Language) => {
    const me = client.getQueryData<Me | null>(['me']);
    // The account's setting first: the app follows it, so changing only the UI would bounce back.
    if (me) client.setQueryData(['me'], { ...me, locale: lng });
    await changeLanguage(lng);
    if (me) {
      try {
        await api('/api/auth/me', { method: 'PATCH', json: { locale: lng } });
        // A signed-in request is answered in the account's language: what the server worded (reasons, notices) is asked again now.
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
      } catch {
        client.setQueryData(['me'], me);
        await changeLanguage(me.locale);
      }
    }
  };
}

/** Only self-scoped roles (volunteer, resident): the phone-first layout. */
export function isSelfOnly(me: Me): boolean {
  return me.grants.length > 0 && me.grants.every((g: Grant) => g.role === 'volunteer' || g.role === 'resident');
}

export const can = (me: Me | null | undefined, action: Me['permissions'][number]) => !!me?.permissions.includes(action);
