/**
 * The panels beyond the main loop — the sweep, the race, the learning-rate finder, the compare panel, and
 * the views below the plane and the charts (the batch's gradients, the loss landscape, the distance to the
 * optimum) — each in a chunk of its own, so that a first visit loads only the main loop's JavaScript. A panel's code
 * is fetched once the user first acts on the page (a key, a pointer, a scroll, focus) or once its place is
 * in view, whichever is first; until it arrives a placeholder with the panel's heading, at about the
 * panel's usual height, holds its place so that nothing below it moves.
 */
import {
  Component,
  lazy,
  Suspense,
  useEffect,
  useState,
  useSyncExternalStore,
  type ComponentType,
  type ReactNode,
} from 'react';
import { LAB_HEADINGS, type LabName } from './labHeadings.ts';

/**
 * Events that show a person is using the page: the first of them fetches every lazy panel. A scroll counts:
 * it is how the panels below the first screen are reached, by wheel, keys, scrollbar or find-in-page; so does
 * a control's change, which a select can make without a pointer or a key reaching the page (assistive
 * technology, autofill, a test's selectOption).
 */
const FIRST_INTERACTIONS = [
  'pointerdown',
  'keydown',
  'focusin',
  'wheel',
  'touchstart',
  'scroll',
  'change',
  'input',
] as const;

let interacted = false;
const interactionListeners = new Set<() => void>();

function noteFirstInteraction(): void {
  if (interacted) return;
  interacted = true;
  for (const type of FIRST_INTERACTIONS) window.removeEventListener(type, noteFirstInteraction, true);
  for (const listener of interactionListeners) listener();
}

function subscribeToFirstInteraction(listener: () => void): () => void {
  if (!interacted && interactionListeners.size === 0) {
    for (const type of FIRST_INTERACTIONS)
      window.addEventListener(type, noteFirstInteraction, { capture: true, passive: true });
  }
  interactionListeners.add(listener);
  return () => interactionListeners.delete(listener);
}

const hasInteracted = () => interacted;
const beforeAnyInteraction = () => false;

/** Calls back once the page is idle, or after a second at the latest. */
function whenIdle(callback: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout: 1000 });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(callback, 200);
  return () => clearTimeout(handle);
}

/**
 * Whether the element is in view without any scrolling, as on a tall screen (or the browser cannot tell:
 * then at once). It is watched from the first idle moment on, once the charts above have taken their
 * height: before that the element sits higher up than it stays. An element that is not displayed, as in
 * presentation mode, is never in view.
 */
function useInView(element: HTMLElement | null): boolean {
  const [inView, setInView] = useState(() => typeof IntersectionObserver === 'undefined');
  useEffect(() => {
    if (inView || element === null) return;
    let observer: IntersectionObserver | null = null;
    const cancel = whenIdle(() => {
      observer = new IntersectionObserver((entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setInView(true);
      });
      observer.observe(element);
    });
    return () => {
      cancel();
      observer?.disconnect();
    };
  }, [element, inView]);
  return inView;
}

/**
 * How each lazy panel loads, and the height its placeholder keeps: the panel's height before any run, between
 * its heights at the common laptop and desktop widths (its controls wrap onto more lines in a narrow column).
 */
interface LabSpec {
  readonly name: LabName;
  /** The class the panel's own section has: the layout's and presentation mode's rules apply to both. */
  readonly className: string;
  readonly minHeight: string;
  readonly load: () => Promise<ComponentType>;
}

interface PlaceholderProps {
  spec: LabSpec;
  message: string;
  busy: boolean;
  sectionRef?: (element: HTMLElement | null) => void;
}

/** The panel's frame and heading, with one line on why its content is not there yet. */
function Placeholder({ spec, message, busy, sectionRef }: PlaceholderProps) {
  const heading = LAB_HEADINGS[spec.name];
  return (
    <section
      ref={sectionRef}
      className={`panel ${spec.className} lab-placeholder`}
      aria-labelledby={heading.id}
      aria-busy={busy}
      style={{ minHeight: spec.minHeight }}
    >
      <h2 id={heading.id}>{heading.text}</h2>
      <p className="hint" role={busy ? undefined : 'alert'}>
        {message}
      </p>
    </section>
  );
}

interface LoadFailureProps {
  spec: LabSpec;
  children: ReactNode;
}

/** Shows a panel whose chunk could not be fetched (offline on a new version, say) as a note in its place. */
class LoadFailure extends Component<LoadFailureProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Placeholder
        spec={this.props.spec}
        busy={false}
        message="This panel could not be loaded; the rest of the page works. Reload the page to try again."
      />
    );
  }
}

/** Makes the component that shows a placeholder until the panel is wanted and its chunk has arrived. */
function lazyLab(spec: LabSpec): ComponentType {
  const Panel = lazy(async () => ({ default: await spec.load() }));
  return function LazyLab() {
    const [element, setElement] = useState<HTMLElement | null>(null);
    const wanted = useSyncExternalStore(subscribeToFirstInteraction, hasInteracted, beforeAnyInteraction);
    // Both triggers only ever turn on, so a panel once shown stays.
    const inView = useInView(element);
    if (!wanted && !inView)
      return <Placeholder spec={spec} busy message="Loading…" sectionRef={setElement} />;
    return (
      <LoadFailure spec={spec}>
        <Suspense fallback={<Placeholder spec={spec} busy message="Loading…" />}>
          <Panel />
        </Suspense>
      </LoadFailure>
    );
  };
}

/** The sweep of learning rate × batch size, loaded lazily. */
export const LazySweepPanel = lazyLab({
  name: 'sweep',
  className: 'sweep-panel',
  minHeight: '15rem',
  load: () => import('./SweepPanel.tsx').then((module) => module.SweepPanel),
});

/** The race of full-batch GD, mini-batch and SGD, loaded lazily. */
export const LazyRacePanel = lazyLab({
  name: 'race',
  className: 'race-panel',
  minHeight: '11.25rem',
  load: () => import('./RacePanel.tsx').then((module) => module.RacePanel),
});

/** Pinned and twin runs, loaded lazily. */
export const LazyComparePanel = lazyLab({
  name: 'compare',
  className: 'compare-panel',
  minHeight: '10.5rem',
  load: () => import('./ComparePanel.tsx').then((module) => module.ComparePanel),
});

/** The learning-rate range test, loaded lazily. */
export const LazyLearningRateFinder = lazyLab({
  name: 'finder',
  className: 'finder-panel',
  minHeight: '10.25rem',
  load: () => import('./LearningRateFinder.tsx').then((module) => module.LearningRateFinder),
});

/** The batch's gradients beside the plane, loaded lazily. */
export const LazyGradientPanel = lazyLab({
  name: 'gradients',
  className: 'gradient-panel',
  minHeight: '24rem',
  load: () => import('./GradientPanel.tsx').then((module) => module.GradientPanel),
});

/** The loss landscape with its iterate cloud, loaded lazily. */
export const LazyLandscapePanel = lazyLab({
  name: 'landscape',
  className: 'landscape-panel',
  minHeight: '30rem',
  load: () => import('./LandscapePanel.tsx').then((module) => module.LandscapePanel),
});

/** The distance to the exact optimum with the noise-floor views, loaded lazily. */
export const LazyDistancePanel = lazyLab({
  name: 'distance',
  className: 'distance-panel',
  minHeight: '19.5rem',
  load: () => import('./DistancePanel.tsx').then((module) => module.DistancePanel),
});
