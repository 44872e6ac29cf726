import { lazy, Suspense } from 'react';
import type { IconName } from './icon-set';

const IconSet = lazy(() => import('./icon-set'));

/**
 * An icon of the first screens (icon-set.tsx), loaded after them: until its chunk arrives an empty box
 * of the icon's size (1em) holds its place, so nothing moves when it comes.
 */
export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <Suspense fallback={<span className={`m-icon-slot${className ? ` ${className}` : ''}`} aria-hidden="true" />}>
      <IconSet name={name} className={className} />
    </Suspense>
  );
}
