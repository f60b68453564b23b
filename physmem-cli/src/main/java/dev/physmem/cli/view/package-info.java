/**
 * The {@code physmem view} page: one self-contained HTML document that draws every flat view of
 * a {@link dev.physmem.MemorySystem} as a zoomable address bar beside the region trees of its
 * address spaces.
 *
 * <p>{@link dev.physmem.cli.view.MapPage} is the entry point. The data flows
 * {@code MemorySystem} → {@link dev.physmem.cli.view.MapModelBuilder} → {@link dev.physmem.cli.view.MapModel}
 * (plain records) → {@link dev.physmem.cli.view.Json} → substituted into the page template
 * ({@code map-page.html}, {@code .css}, {@code .js} on the classpath) by
 * {@link dev.physmem.cli.view.PageTemplate}. The page fetches nothing: no URL of any kind appears
 * in it, and its Content-Security-Policy forbids every load.
 */
package dev.physmem.cli.view;
