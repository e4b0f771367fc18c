/**
 * The parts of d3-flame-graph 5.0.0 (untyped, ESM) and d3 (no @types/d3 installed) the UI uses.
 * If @types/d3 is ever added, drop the "d3" block.
 */
declare module "d3-flame-graph" {
  /** A d3-hierarchy node as d3-flame-graph hands it to callbacks; `data` is the input object. */
  export interface FlameFrame<T> {
    data: T & { hide?: boolean; fade?: boolean };
    id: number;
    depth: number;
    value: number;
    x0: number;
    x1: number;
    parent: FlameFrame<T> | null;
    children?: FlameFrame<T>[];
    /** Set by `search()` on matching frames. */
    highlight?: boolean;
    descendants(): FlameFrame<T>[];
  }

  export interface FlameGraph<T> {
    (selection: unknown): void;
    width(value: number): FlameGraph<T>;
    width(): number;
    height(value: number | null): FlameGraph<T>;
    minHeight(value: number): FlameGraph<T>;
    cellHeight(value: number): FlameGraph<T>;
    transitionDuration(value: number): FlameGraph<T>;
    sort(value: boolean | ((a: FlameFrame<T>, b: FlameFrame<T>) => number)): FlameGraph<T>;
    inverted(value: boolean): FlameGraph<T>;
    minFrameSize(value: number): FlameGraph<T>;
    selfValue(value: boolean): FlameGraph<T>;
    getName(fn: (frame: FlameFrame<T>) => string): FlameGraph<T>;
    label(fn: (frame: FlameFrame<T>) => string): FlameGraph<T>;
    /** A callable with show/hide; when set, d3-flame-graph adds no `<title>` per frame. */
    tooltip(
      tip: ((selection: unknown) => void) & { show(...args: unknown[]): unknown; hide(): unknown },
    ): FlameGraph<T>;
    setColorMapper(fn: (frame: FlameFrame<T>, originalColor: string) => string): FlameGraph<T>;
    setSearchMatch(fn: (frame: FlameFrame<T>, term: string) => boolean): FlameGraph<T>;
    setSearchHandler(fn: (results: FlameFrame<T>[], sum: number, total: number) => void): FlameGraph<T>;
    setDetailsHandler(fn: (text: string | null) => void): FlameGraph<T>;
    onClick(fn: (frame: FlameFrame<T>) => void): FlameGraph<T>;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    zoomTo(frame: FlameFrame<T>): void;
    update(data?: T): FlameGraph<T>;
    destroy(): FlameGraph<T>;
  }

  export default function flamegraph<T = unknown>(): FlameGraph<T>;
}

declare module "d3" {
  export interface Selection<D> {
    datum<T>(value: T): Selection<T>;
    datum(): D;
    call(fn: (selection: Selection<D>) => void): Selection<D>;
    selectAll<T>(selector: string): Selection<T>;
    classed(name: string, value: boolean | ((datum: D) => boolean)): Selection<D>;
    size(): number;
  }
  export function select(node: Element): Selection<unknown>;
  /** d3-transition: stops the element's running and scheduled transitions. */
  export function interrupt(node: Element): void;
  /** d3-selection's constructor; its prototype carries `transition` once d3-transition is loaded. */
  export const selection: { prototype: object };
}
