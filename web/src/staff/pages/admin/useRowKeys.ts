import { useRef, useState } from 'react';

/**
 * Keys for the rows of a list edited by position: a row removed takes its own state (a picker's search,
 * the customer found for a group) with it, instead of handing it to the row after.
 */
export function useRowKeys(count: number) {
  const next = useRef(count);
  const [keys, setKeys] = useState(() => Array.from({ length: count }, (_, index) => index));
  return {
    keys,
    added: () => setKeys((current) => [...current, next.current++]),
    removed: (position: number) => setKeys((current) => current.filter((_, index) => index !== position)),
  };
}
