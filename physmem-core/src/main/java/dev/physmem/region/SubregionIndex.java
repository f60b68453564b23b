package dev.physmem.region;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The subregions of one container indexed by their extent in the container's frame, so that a
 * renderer asking "which children touch offsets {@code [first, last]}?" pays
 * {@code O(log n + k)} instead of visiting every child. QEMU has no counterpart: its renderer
 * walks every subregion on every commit.
 *
 * <h2>Structure</h2>
 * A treap ordered by (offset in the container, unsigned; then insertion serial), each node
 * augmented with the largest unsigned last offset in its subtree (a classic interval tree).
 * Tree priorities are a hash of the serial, so the shape is deterministic for a given history.
 *
 * <h2>Invariants</h2>
 * Holds exactly the container's current subregions, each keyed by the {@code addr()} and size it
 * had when it was last (re)inserted: the owner removes a child before changing its address or
 * size and inserts it again afterwards. Children of size 0 are kept but never reported.
 *
 * <h2>Thread safety</h2>
 * None of its own: only touched by the topology-lock holder.
 */
final class SubregionIndex {
    /** Render order: priority descending, then the later-added (higher serial) first. */
    static final Comparator<MemoryRegion> RENDER_ORDER = (a, b) -> {
        int c = Integer.compare(b.priority(), a.priority());
        return c != 0 ? c : Long.compare(b.serial(), a.serial());
    };

    private static final class Node {
        final MemoryRegion region;
        final long first;
        final long last;
        final long serial;
        final int heap;
        final boolean empty;
        long maxLast;
        Node left;
        Node right;

        Node(MemoryRegion region) {
            this.region = region;
            this.first = region.addr();
            this.serial = region.serial();
            this.empty = region.isEmpty();
            long end = first + region.lastOffset();
            // A child that runs past 2^64 - 1 is cut there by every render; saturate.
            this.last = Long.compareUnsigned(end, first) < 0 ? -1L : end;
            this.heap = mix(serial);
            this.maxLast = empty ? 0 : last;
        }
    }

    private Node root;
    private int size;

    /** Number of indexed subregions. */
    int size() {
        return size;
    }

    /** Indexes {@code child} at its current address and size. */
    void insert(MemoryRegion child) {
        root = insert(root, new Node(child));
        size++;
    }

    /**
     * Removes {@code child}, which must be indexed at its current address and serial.
     *
     * @throws IllegalStateException if it is not there (the index is out of sync: a bug)
     */
    void remove(MemoryRegion child) {
        int before = size;
        root = remove(root, child.addr(), child.serial());
        if (size == before) {
            throw new IllegalStateException("subregion not indexed: subregion=" + child.name()
                    + " addr=0x" + Long.toHexString(child.addr()));
        }
    }

    /**
     * Appends to {@code out}, in render order, every non-empty child whose extent meets offsets
     * {@code [first, last]} (unsigned, inclusive) of the container.
     */
    void collect(long first, long last, List<MemoryRegion> out) {
        int mark = out.size();
        collect(root, first, last, out);
        if (out.size() - mark > 1) {
            out.subList(mark, out.size()).sort(RENDER_ORDER);
        }
    }

    private static void collect(Node n, long first, long last, List<MemoryRegion> out) {
        while (n != null && Long.compareUnsigned(n.maxLast, first) >= 0) {
            collect(n.left, first, last, out);
            if (Long.compareUnsigned(n.first, last) > 0) {
                return;
            }
            if (!n.empty && Long.compareUnsigned(n.last, first) >= 0) {
                out.add(n.region);
            }
            n = n.right;
        }
    }

    /** Every indexed child, in key order; for tests and consistency checks. */
    List<MemoryRegion> inKeyOrder() {
        ArrayList<MemoryRegion> out = new ArrayList<>(size);
        walk(root, out);
        return out;
    }

    private static void walk(Node n, List<MemoryRegion> out) {
        if (n != null) {
            walk(n.left, out);
            out.add(n.region);
            walk(n.right, out);
        }
    }

    // ---------------------------------------------------------------- treap mechanics

    private static int compareKey(long firstA, long serialA, long firstB, long serialB) {
        int c = Long.compareUnsigned(firstA, firstB);
        return c != 0 ? c : Long.compare(serialA, serialB);
    }

    private static Node insert(Node t, Node n) {
        if (t == null) {
            return n;
        }
        if (compareKey(n.first, n.serial, t.first, t.serial) < 0) {
            t.left = insert(t.left, n);
            if (t.left.heap > t.heap) {
                t = rotateRight(t);
            }
        } else {
            t.right = insert(t.right, n);
            if (t.right.heap > t.heap) {
                t = rotateLeft(t);
            }
        }
        update(t);
        return t;
    }

    private Node remove(Node t, long first, long serial) {
        if (t == null) {
            return null;
        }
        int c = compareKey(first, serial, t.first, t.serial);
        if (c < 0) {
            t.left = remove(t.left, first, serial);
        } else if (c > 0) {
            t.right = remove(t.right, first, serial);
        } else {
            size--;
            return merge(t.left, t.right);
        }
        update(t);
        return t;
    }

    private static Node merge(Node a, Node b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.heap > b.heap) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }

    private static Node rotateRight(Node t) {
        Node l = t.left;
        t.left = l.right;
        l.right = t;
        update(t);
        update(l);
        return l;
    }

    private static Node rotateLeft(Node t) {
        Node r = t.right;
        t.right = r.left;
        r.left = t;
        update(t);
        update(r);
        return r;
    }

    private static void update(Node t) {
        long m = t.empty ? 0 : t.last;
        if (t.left != null && Long.compareUnsigned(t.left.maxLast, m) > 0) {
            m = t.left.maxLast;
        }
        if (t.right != null && Long.compareUnsigned(t.right.maxLast, m) > 0) {
            m = t.right.maxLast;
        }
        t.maxLast = m;
    }

    private static int mix(long serial) {
        long z = serial * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) (z ^ (z >>> 31));
    }
}
