package dev.physmem.dirty;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A consumer of dirty-page information, each with a bitmap of its own. QEMU counterpart:
 * {@code DIRTY_MEMORY_VGA}, {@code DIRTY_MEMORY_CODE}, {@code DIRTY_MEMORY_MIGRATION}; the
 * ordinal is QEMU's client number and {@link #bit()} its bit in a dirty-log mask.
 */
public enum DirtyClient {
    /** Display devices redrawing the parts of a framebuffer the guest changed. */
    VGA,
    /** Translated-code invalidation: pages holding code that was written. */
    CODE,
    /** Live migration: pages to send again. Logged on every RAM region while global logging is on. */
    MIGRATION;

    private static final DirtyClient[] VALUES = values();
    /** Every subset of clients, indexed by mask, unmodifiable: lookups allocate nothing. */
    private static final Set<DirtyClient>[] SETS = makeSets();

    /** The bit of this client in a dirty-log mask ({@code 1 << ordinal}). */
    public int bit() {
        return 1 << ordinal();
    }

    /** The mask with every client set. QEMU: {@code DIRTY_CLIENTS_ALL}. */
    public static int allMask() {
        return (1 << VALUES.length) - 1;
    }

    /**
     * The clients in {@code mask}, as a shared unmodifiable set.
     *
     * @throws IllegalArgumentException if {@code mask} has bits of no client
     */
    public static Set<DirtyClient> setOf(int mask) {
        if ((mask & ~allMask()) != 0) {
            throw new IllegalArgumentException("not a dirty-log mask: mask=0x" + Integer.toHexString(mask));
        }
        return SETS[mask];
    }

    /** The mask of {@code clients}. */
    public static int maskOf(Set<DirtyClient> clients) {
        int mask = 0;
        for (DirtyClient c : clients) {
            mask |= c.bit();
        }
        return mask;
    }

    @SuppressWarnings("unchecked")
    private static Set<DirtyClient>[] makeSets() {
        Set<DirtyClient>[] sets = new Set[1 << VALUES.length];
        for (int mask = 0; mask < sets.length; mask++) {
            EnumSet<DirtyClient> s = EnumSet.noneOf(DirtyClient.class);
            for (DirtyClient c : VALUES) {
                if ((mask & c.bit()) != 0) {
                    s.add(c);
                }
            }
            sets[mask] = Collections.unmodifiableSet(s);
        }
        return sets;
    }
}
