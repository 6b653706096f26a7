// Ctrl+Shift+I in the main window opens the protocol inspector, as the Help menu does.
import { useEffect } from 'react';
import { openWindow } from '../../actions';

export function useInspectorShortcut(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.ctrlKey || !e.shiftKey || e.altKey || e.metaKey || e.key.toLowerCase() !== 'i') return;
      e.preventDefault();
      openWindow({ kind: 'inspector' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
