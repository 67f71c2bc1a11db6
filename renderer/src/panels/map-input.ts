/**
 * Pointer input on the network map: wheel zoom about the pointer, drag to pan, hover for a supernode's
 * tooltip. Knows the view only through the few methods it calls, so the drill screen stays wiring.
 */
import { el } from './dom';
import { hoverLines } from './legend';
import type { NetworkView } from '../views/network-view';

type MapView = Pick<NetworkView, 'zoomBy' | 'panBy' | 'hoverAt'>;

/** Listens on `canvas`; the tooltip is positioned inside `map`. Returns a function that stops listening. */
export function attachMapInput(
  canvas: HTMLCanvasElement,
  map: HTMLElement,
  tooltip: HTMLElement,
  view: MapView,
): () => void {
  let drag: { x: number; y: number; id: number } | null = null;
  const local = (e: PointerEvent | WheelEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const onWheel = (e: WheelEvent): void => {
    e.preventDefault();
    const [x, y] = local(e);
    view.zoomBy(Math.exp(-e.deltaY * 0.0015), x, y);
  };
  const onDown = (e: PointerEvent): void => {
    drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
    canvas.setPointerCapture(e.pointerId);
  };
  const onUp = (): void => {
    drag = null;
  };
  const onLeave = (): void => {
    tooltip.hidden = true;
  };
  const onMove = (e: PointerEvent): void => {
    if (drag) {
      view.panBy(e.clientX - drag.x, e.clientY - drag.y);
      drag = { ...drag, x: e.clientX, y: e.clientY };
      tooltip.hidden = true;
      return;
    }
    const [x, y] = local(e);
    const h = view.hoverAt(x, y);
    if (!h) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...hoverLines(h).map((l, i) => el(i === 0 ? 'strong' : 'span', {}, l)));
    tooltip.hidden = false;
    const w = map.clientWidth;
    tooltip.style.setProperty('--tx', `${Math.min(x + 14, w - 260)}px`);
    tooltip.style.setProperty('--ty', `${y + 14}px`);
  };
  canvas.addEventListener('wheel', onWheel, { passive: false });
  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointerleave', onLeave);
  canvas.addEventListener('pointermove', onMove);
  return () => {
    canvas.removeEventListener('wheel', onWheel);
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointerup', onUp);
    canvas.removeEventListener('pointerleave', onLeave);
    canvas.removeEventListener('pointermove', onMove);
  };
}
