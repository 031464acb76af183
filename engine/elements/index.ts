/** Registry of drawable element types, by neutral element kind. */
import type { ElementDefinition, ElementKind } from './define-element.js';
import { codeElement } from './code.js';
import { curveElement } from './curve.js';
import { iconElement, imageElement, svgElement } from './image.js';
import { groupElement, layoutElement, setContainerRegistry } from './layout.js';
import { ellipseElement, polygonElement, rectElement } from './shapes.js';
import { subtitleElement } from './subtitle.js';
import { textElement } from './text.js';
import { threeElement } from './three.js';
import { videoElement } from './video.js';

type AnyDefinition = ElementDefinition<ElementKind>;

const definitions: AnyDefinition[] = [
  textElement, imageElement, svgElement, iconElement, rectElement, ellipseElement, polygonElement, codeElement, curveElement,
  layoutElement, groupElement, subtitleElement, videoElement, threeElement,
] as unknown as AnyDefinition[];

const byKind = new Map<ElementKind, AnyDefinition>(definitions.map((d) => [d.kind, d]));

/** The definition that draws `kind`, or undefined for kinds with no drawer (yet). */
export function elementDefinition(kind: ElementKind): AnyDefinition | undefined {
  return byKind.get(kind);
}

// Containers draw their children through this same registry.
setContainerRegistry(elementDefinition);

/** Kinds this engine draws. */
export const DRAWN_ELEMENT_KINDS: readonly ElementKind[] = definitions.map((d) => d.kind);
