import { text } from 'node:stream/consumers';

/** What a bench client was asked to do: JSON on its standard input (keys and sessions stay out of `ps`). */
export async function clientOptions<T>(): Promise<T> {
  return JSON.parse(await text(process.stdin)) as T;
}
