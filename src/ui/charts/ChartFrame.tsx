import { useState, type ReactNode } from 'react';
import { useAppStore, type AppState } from '../../state/store.ts';
import { useChartSourceWhenStopped, type ChartSource } from './chartSource.ts';

/** A chart's data as rows of formatted cells, for the table view. */
export interface ChartTable {
  readonly caption: string;
  /** Column headers, with units; the first column heads each row. */
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** The button that switches a chart between its drawing and a table of the same data. */
export function TableToggle(props: { title: string; pressed: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="chart-toggle"
      aria-pressed={props.pressed}
      aria-label={`${props.title.replace(/ \(.*\)$/, '')} as table`}
      onClick={props.onToggle}
    >
      Table
    </button>
  );
}

/** A chart's data as an HTML table: a caption, column headers with units, one row per point. */
export function DataTable({ table }: { table: ChartTable }) {
  return (
    <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={table.caption}>
      <table className="data-table chart-table">
        <caption>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex}>
              {row.map((cell, cellIndex) =>
                cellIndex === 0 ? (
                  <th key={cellIndex} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={cellIndex}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A chart's table, read from the store when it opens and whenever the run is not training. */
export function TableView({ source }: { source: ChartSource<ChartTable> }) {
  return <DataTable table={useChartSourceWhenStopped(source)} />;
}

/** When a chart has nothing to draw, and what it says then. */
export interface EmptyChart {
  readonly when: (state: AppState) => boolean;
  readonly text: string;
}

/** A chart's figure: its caption, a note, the table toggle, and the chart or its table. */
export function ChartFrame(props: {
  title: string;
  empty?: EmptyChart;
  note?: ReactNode;
  /** The same data as the chart draws, built only while the table is shown. */
  table: ChartSource<ChartTable>;
  children: ReactNode;
}) {
  const [asTable, setAsTable] = useState(false);
  return (
    <figure className="chart" aria-label={props.title}>
      <figcaption>
        {props.title}
        {props.note}
      </figcaption>
      <TableToggle title={props.title} pressed={asTable} onToggle={() => setAsTable(!asTable)} />
      <div className="chart-body">
        {asTable ? <TableView source={props.table} /> : props.children}
        {props.empty && !asTable && <EmptyNote {...props.empty} />}
      </div>
    </figure>
  );
}

/** What an empty chart says, over it: a component of its own, so that the chart does not redraw for it. */
function EmptyNote({ when, text }: EmptyChart) {
  const empty = useAppStore(when);
  return empty ? <p className="chart-empty">{text}</p> : null;
}
