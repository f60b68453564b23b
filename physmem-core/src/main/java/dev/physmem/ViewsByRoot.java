package dev.physmem;

import dev.physmem.flat.FlatView;
import dev.physmem.region.MemoryRegion;
import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * Views keyed by the identity of their flat root, for one commit: which view a root had, which
 * it gets. Most systems have a handful of address spaces, so up to {@value #LINEAR} roots are kept
 * in two arrays searched linearly (no hashing, no allocation per commit); beyond that an
 * {@link IdentityHashMap} takes over. Reused from commit to commit; used under the topology lock.
 */
final class ViewsByRoot {
    private static final int LINEAR = 16;

    private final MemoryRegion[] roots = new MemoryRegion[LINEAR];
    private final FlatView[] views = new FlatView[LINEAR];
    private int size;
    private final IdentityHashMap<MemoryRegion, FlatView> overflow = new IdentityHashMap<>();

    /** The view of {@code root}, or null. */
    FlatView get(MemoryRegion root) {
        if (size > LINEAR) {
            return overflow.get(root);
        }
        for (int i = 0; i < size; i++) {
            if (roots[i] == root) {
                return views[i];
            }
        }
        return null;
    }

    /** Records {@code view} for {@code root} unless the root already has one. */
    void putIfAbsent(MemoryRegion root, FlatView view) {
        if (get(root) != null) {
            return;
        }
        if (size < LINEAR) {
            roots[size] = root;
            views[size] = view;
        } else {
            if (size == LINEAR) {
                for (int i = 0; i < LINEAR; i++) {
                    overflow.put(roots[i], views[i]);
                }
            }
            overflow.put(root, view);
        }
        size++;
    }

    /** Forgets everything (and drops the references). */
    void clear() {
        Arrays.fill(roots, 0, Math.min(size, LINEAR), null);
        Arrays.fill(views, 0, Math.min(size, LINEAR), null);
        if (size > LINEAR) {
            overflow.clear();
        }
        size = 0;
    }
}
