import { App, type FormInstance } from 'antd';
import { ApiError } from '../api/client.ts';

/**
 * Puts the server's field errors next to the fields they name ("guardian.phone" → the guardian's
 * phone input, "skills.0.code" → the skills select); returns the messages no field on the form
 * could show, so the page shows those itself and nothing is silently dropped. A row of a
 * Form.List is named with a number (["items", 3, "code"]), as the form itself names it.
 */
export function applyFieldErrors(form: FormInstance, error: unknown, known: (string | number)[][]): string[] {
  if (!(error instanceof ApiError) || error.issues.length === 0) return [error instanceof Error ? error.message : String(error)];
  const unplaced: string[] = [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const issue of error.issues) {
    const path = issue.field.split('.');
    const name = known.find((k) => k.every((part, i) => path[i] === String(part)) && k.length <= path.length);
    if (!name) {
      unplaced.push(`${issue.field}: ${issue.message}`);
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  // The fields this attempt did not object to lose the last attempt's objections.
  const cleared = known.filter((name) => !byField.has(name.join('.'))).map((name) => ({ name, errors: [] }));
  form.setFields([...cleared, ...byField.values()]);
  return unplaced;
}

/**
 * For a form that saves through a mutation: `clear` (onMutate) drops the server's objections to the
 * last attempt, `show` (onError) puts the new ones next to their fields and any other as a message.
 */
// biome-ignore lint/suspicious/noExplicitAny: any form; only its field names are used
export function useFieldErrors(form: FormInstance<any>, fields: string[]) {
  const { message } = App.useApp();
  return {
    clear: () => form.setFields(fields.map((name) => ({ name, errors: [] }))),
    show: (error: unknown) => {
      for (const m of applyFieldErrors(
        form,
        error,
        fields.map((f) => [f]),
      ))
        void message.error(m);
    },
  };
}
