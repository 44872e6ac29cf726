import { Component, type ErrorInfo, type ReactNode } from 'react';

interface Props {
  /** What to show instead of the crashed subtree; `reset` tries rendering it again. */
  fallback: (error: unknown, reset: () => void) => ReactNode;
  children: ReactNode;
}

/**
 * Catches render errors and failed lazy imports (a route chunk that did not arrive on a weak signal),
 * so the person sees a message and a retry button instead of a blank page.
 */
export class ErrorBoundary extends Component<Props, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error('render failed', error, info.componentStack);
  }

  reset = () => this.setState({ error: null });

  override render() {
    if (this.state.error) return this.props.fallback(this.state.error, this.reset);
    return this.props.children;
  }
}

/** Retrying a failed lazy import needs a fresh page load: React caches the rejected import. */
export function reloadPage(): void {
  window.location.reload();
}
