import { lazy, Suspense, useState } from 'react';
import { describeError } from '../../core/errors.ts';
import { historyToCsv, runToJson } from '../../core/exportRun.ts';
import { encodeConfig } from '../../state/link.ts';
import { useAppStore, useAppStoreApi } from '../../state/store.ts';
import { planeSnapshot } from '../boundary/planeSurface.ts';
import { downloadBlob, downloadSvg, downloadText } from '../export.ts';
import { useKeeps } from '../useKeeps.ts';

// The lesson dialog is for teachers, once in a while: its code loads when it is first opened.
const LessonDialog = lazy(() => import('../panels/LessonDialog.tsx'));

/** The charts that can be saved as pictures, by the title of their figure. */
const CHART_TITLES = [
  'Objective per epoch',
  'Accuracy per epoch',
  'Learning rate per epoch',
  'Distance to optimum',
];

function fileName(title: string): string {
  return `sgd-lab-${title
    .toLowerCase()
    .replace(/\(.*\)/, '')
    .trim()
    .replace(/[^a-z0-9]+/g, '-')}.png`;
}

/** Copy link, Create lesson link, Export and Presentation mode: what a teacher needs to share and show a run. */
export function HeaderActions() {
  const store = useAppStoreApi();
  const presentation = useAppStore((state) => state.config.presentation);
  const changeConfig = useAppStore((state) => state.changeConfig);
  const [menuOpen, setMenuOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [lessonDialogOpen, setLessonDialogOpen] = useState(false);
  const keepsShare = useKeeps('share');
  const keepsPresentation = useKeeps('presentation');

  const copyLink = async () => {
    const url = `${location.origin}${location.pathname}${encodeConfig(store.getState().config)}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      setMessage('Link copied: it opens this exact configuration.');
    } catch {
      setMessage(`Copy this link: ${url}`);
    }
  };

  const exportItems: { label: string; run: () => Promise<void> | void }[] = [
    {
      label: 'Curves (CSV)',
      run: () => downloadText(historyToCsv(store.getState().history), 'sgd-lab-curves.csv', 'text/csv'),
    },
    {
      label: 'Run (JSON)',
      run: () => {
        const state = store.getState();
        const config = state.config;
        const configuration = {
          ...config,
          customPoints: config.customPoints
            ? { x: Array.from(config.customPoints.x), y: Array.from(config.customPoints.y) }
            : null,
        };
        const text = runToJson({
          configuration,
          seed: state.config.dataset.seed,
          history: state.history,
          weights: state.weights,
          parameterLabels: state.info?.parameterLabels ?? [],
          optimum:
            state.info?.optimum.kind === 'minimum'
              ? { weights: state.info.optimum.weights, objective: state.info.optimum.objective }
              : (state.info?.optimum ?? null),
        });
        downloadText(text, 'sgd-lab-run.json', 'application/json');
      },
    },
    {
      label: 'Boundary (PNG)',
      run: async () => {
        const png = planeSnapshot();
        if (png) downloadBlob(await png, 'sgd-lab-boundary.png');
        else setMessage('The plane is not on screen.');
      },
    },
    ...CHART_TITLES.map((title) => ({
      label: `${title.replace(/ \(.*\)/, '')} chart (PNG)`,
      run: async () => {
        // The chart's own surface: the legend's icons are small svg.recharts-surface elements too.
        const svg = document.querySelector<SVGSVGElement>(
          `figure[aria-label="${title}"] .recharts-wrapper > svg.recharts-surface`,
        );
        if (svg) await downloadSvg(svg, fileName(title));
        else setMessage('That chart has nothing drawn yet.');
      },
    })),
  ];

  return (
    <div className="header-actions">
      {keepsShare && (
        <>
          <button type="button" onClick={() => void copyLink()}>
            Copy link
          </button>
          <button type="button" aria-haspopup="dialog" onClick={() => setLessonDialogOpen(true)}>
            Create lesson link
          </button>
          {lessonDialogOpen && (
            <Suspense fallback={null}>
              <LessonDialog onClose={() => setLessonDialogOpen(false)} />
            </Suspense>
          )}
          <div className="menu">
            <button
              type="button"
              aria-haspopup="menu"
              aria-expanded={menuOpen}
              onClick={() => setMenuOpen(!menuOpen)}
            >
              Export
            </button>
            {menuOpen && (
              <ul className="menu-list" role="menu" aria-label="Export">
                {exportItems.map((item) => (
                  <li key={item.label} role="none">
                    <button
                      type="button"
                      role="menuitem"
                      onClick={() => {
                        setMenuOpen(false);
                        Promise.resolve(item.run()).catch((error: unknown) =>
                          setMessage(`Export failed: ${describeError(error)}`),
                        );
                      }}
                    >
                      {item.label}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </>
      )}
      {keepsPresentation && (
        <button
          type="button"
          aria-pressed={presentation}
          aria-keyshortcuts="P"
          onClick={() => changeConfig({ presentation: !presentation })}
          title="Presentation mode (P)"
        >
          Presentation mode
        </button>
      )}
      {message && (
        <p className="note header-message" role="status">
          {message}{' '}
          <button type="button" className="link" onClick={() => setMessage(null)}>
            dismiss
          </button>
        </p>
      )}
    </div>
  );
}
