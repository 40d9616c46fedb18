import { createContext, useContext } from 'react';
import type { Meta, User } from './api.js';

/** Who is signed in and the alliance's nations, for views that decide what a user may do. */
export const SessionContext = createContext<Meta | null>(null);

export function useSession(): { meta: Meta; user: User } {
  const meta = useContext(SessionContext);
  if (!meta?.user) throw new Error('useSession outside a signed-in view');
  return { meta, user: meta.user };
}
