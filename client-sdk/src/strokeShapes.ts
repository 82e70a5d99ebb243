/**
 * The stroked marks (arrow, pen, laser) as SVG built with createElementNS: a polyline through
 * the mark's points (fractions of its box), an arrow head as a polygon, a dot at a laser's tip.
 * Geometry is set with attributes and colours through CSSOM, so a strict CSP does not mind.
 */
import type { Annotation, BoxPoint, Rect } from '../../protocol/annotation';
import { arrowParts, type PixelPoint } from '../../protocol/markDrawing';

const SVG_NS = 'http://www.w3.org/2000/svg';
const STROKE_PX = 3;
const LASER_STROKE_PX = 4;
const LASER_DOT_RADIUS_PX = 5;


function svgEl<K extends keyof SVGElementTagNameMap>(tag: K): SVGElementTagNameMap[K] {
  return document.createElementNS(SVG_NS, tag);
}

function pointList(points: PixelPoint[]): string {
  return points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

/**
 * Draws an arrow, pen or laser mark into `container` (already placed at the mark's box) and
 * returns how to redraw it for a new box size.
 */
export function drawStroke(container: HTMLElement, annotation: Annotation): (box: Rect) => void {
  const { shape, color } = annotation;
  const points: BoxPoint[] = annotation.points ?? [];
  const svg = svgEl('svg');
  svg.setAttribute('class', 'mark-svg');
  const line = svgEl('polyline');
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke-linecap', 'round');
  line.setAttribute('stroke-linejoin', 'round');
  line.setAttribute('stroke-width', String(shape === 'laser' ? LASER_STROKE_PX : STROKE_PX));
  line.style.stroke = color;
  svg.append(line);
  const tip = shape === 'pen' ? null : svgEl(shape === 'arrow' ? 'polygon' : 'circle');
  if (tip) {
    tip.style.fill = color;
    svg.append(tip);
  }
  container.append(svg);

  return (box) => {
    svg.setAttribute('width', String(Math.max(1, box.w)));
    svg.setAttribute('height', String(Math.max(1, box.h)));
    const px = points.map((p) => ({ x: p.x * box.w, y: p.y * box.h }));
    if (shape === 'arrow' && tip && px.length === 2) {
      const { shaft, head } = arrowParts(px[0]!, px[1]!);
      line.setAttribute('points', pointList(shaft));
      tip.setAttribute('points', pointList(head));
      return;
    }
    line.setAttribute('points', pointList(px));
    const last = px[px.length - 1];
    if (tip && last) {
      tip.setAttribute('cx', last.x.toFixed(1));
      tip.setAttribute('cy', last.y.toFixed(1));
      tip.setAttribute('r', String(LASER_DOT_RADIUS_PX));
    }
  };
}
