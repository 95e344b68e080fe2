/** Node-local state (host id, tokens, ...), persisted in the `local` system sublevel. */
export interface LocalState {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

/** The part of a `level` sublevel (string values) that the state uses. */
export interface StringSublevel {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string, options: { sync: boolean }): Promise<void>;
}

export function localState(sublevel: StringSublevel): LocalState {
  return {
    get: (key) => sublevel.get(key),
    put: (key, value) => sublevel.put(key, value, { sync: true }),
  };
}
