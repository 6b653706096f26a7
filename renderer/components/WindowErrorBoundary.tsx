// A fault while drawing one window stays in that window: it shows one sentence instead of its contents,
// and the other windows of the page (browser mode draws them all in one page) keep working.
import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Closes this window; absent for the main window, which stays. */
  onClose?: () => void;
}

export class WindowErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // The console (and the e2e tests, which fail on console errors) get the details; the person gets a sentence.
    console.error('A Butterfly window failed to draw:', error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="dialog window-failed" role="alert">
        <p>This window ran into a problem and cannot show its contents. Close it and open it again.</p>
        {this.props.onClose && (
          <div className="buttons">
            <button type="button" onClick={this.props.onClose}>
              Close
            </button>
          </div>
        )}
      </div>
    );
  }
}
