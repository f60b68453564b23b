/**
 * Rendering and dispatch: {@link dev.physmem.flat.Renderer} turns a region tree into an immutable
 * {@link dev.physmem.flat.FlatView} of sorted, disjoint, merged {@link dev.physmem.flat.FlatRange}s;
 * {@link dev.physmem.flat.ViewUpdater} derives a commit's new view from the previous one by
 * rendering again only the windows that changed; {@link dev.physmem.flat.DispatchTrie} is the
 * view's lookup structure, a radix tree over page numbers, readable through
 * {@link dev.physmem.flat.DispatchTrieVisitor}.
 *
 * <p>Views are persistent: a derived view shares all but the changed paths of its range tree
 * ({@code RangeTree}, package-private) and of its dispatch tree with the view it came from, and
 * neither is ever written after the view is published.
 */
package dev.physmem.flat;
