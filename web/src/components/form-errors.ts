import type { FormInstance } from 'antd';
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
  form.setFields([...byField.values()]);
  return unplaced;
}
