// How a window's content closes its window: window.close() on the desktop, removing the inline window in
// browser mode. Dialogs call useCloseWindow() and never need to know which.
import { createContext, useContext } from 'react';

export const CloseWindowContext = createContext<() => void>(() => window.close());

export function useCloseWindow(): () => void {
  return useContext(CloseWindowContext);
}
