package dev.physmem.mtree;

import java.util.List;
import java.util.Objects;

/**
 * What {@link MtreePrinter} prints: the flags of QEMU's {@code info mtree [-f][-d][-o][-D]} plus the
 * accelerator whose memory slots the {@code -f} output marks. QEMU counterpart: the arguments of
 * {@code mtree_info()} and {@code current_accel()}.
 *
 * <p>The options are normalised as QEMU treats the flags: {@code dispatch} ({@code -d}) only counts
 * with {@code flat} ({@code -f}), and {@code disabled} ({@code -D}) only without it, so options that
 * print the same bytes are equal. That leaves the eight distinct outputs of FORMAT.md §1.
 * {@snippet :
 * MtreePrinter.print(system, MtreeOptions.tree().withOwners().withDisabled()); // info mtree -o -D
 * MtreePrinter.print(system, MtreeOptions.flatView().withOwners());           // info mtree -f -o
 * }
 *
 * @param flat {@code -f}: print one block per FlatView instead of the region trees
 * @param dispatch {@code -d}: after each FlatView's ranges, dump its dispatch structure; only with {@code flat}
 * @param owners {@code -o}: append each region's owner (or QOM parent)
 * @param disabled {@code -D}: also print disabled regions, marked {@code [disabled]}; only without {@code flat}
 * @param accel the accelerator that keeps memory slots, or null for none (TCG)
 */
public record MtreeOptions(boolean flat, boolean dispatch, boolean owners, boolean disabled, Accel accel) {

    /**
     * An accelerator with memory slots (QEMU: an {@code AccelClass} with {@code has_memory}, e.g. KVM).
     * In {@code -f} output, a range gets the suffix {@code " " + name} once for every address space of
     * its FlatView that is listed here, when the range is RAM-backed and starts and ends on a page
     * boundary.
     *
     * @param name the suffix printed, e.g. {@code KVM}
     * @param pageSize the host page size in bytes, a power of two
     * @param addressSpaces names of the address spaces the accelerator maps, e.g. {@code memory}
     */
    public record Accel(String name, long pageSize, List<String> addressSpaces) {

        public Accel {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("accelerator name must be one non-empty word: name=" + name);
            }
            if (pageSize <= 0 || Long.bitCount(pageSize) != 1) {
                throw new IllegalArgumentException("pageSize must be a power of two: pageSize=" + pageSize);
            }
            addressSpaces = List.copyOf(addressSpaces);
        }

        /** KVM with 4 KiB pages, mapping the CPU address space {@code memory}, as on an x86 host. */
        public static Accel kvm() {
            return new Accel("KVM", 4096, List.of("memory"));
        }
    }

    public MtreeOptions {
        dispatch &= flat;
        disabled &= !flat;
    }

    /** {@code info mtree}: the region trees of all address spaces and alias targets. */
    public static MtreeOptions tree() {
        return new MtreeOptions(false, false, false, false, null);
    }

    /** {@code info mtree -f}: the FlatView of every address space. */
    public static MtreeOptions flatView() {
        return new MtreeOptions(true, false, false, false, null);
    }

    /** These options plus {@code -o}. */
    public MtreeOptions withOwners() {
        return new MtreeOptions(flat, dispatch, true, disabled, accel);
    }

    /** These options plus {@code -D}; has no effect on flat-view options. */
    public MtreeOptions withDisabled() {
        return new MtreeOptions(flat, dispatch, owners, true, accel);
    }

    /** These options plus {@code -d}; has no effect on tree options. */
    public MtreeOptions withDispatch() {
        return new MtreeOptions(flat, true, owners, disabled, accel);
    }

    /** These options with {@code accel} as the accelerator (null for none). */
    public MtreeOptions withAccel(Accel accel) {
        return new MtreeOptions(flat, dispatch, owners, disabled, accel);
    }

    /** The flags as the monitor command spells them, e.g. {@code info mtree -f -o}. */
    public String command() {
        StringBuilder b = new StringBuilder("info mtree");
        if (flat) {
            b.append(" -f");
        }
        if (dispatch) {
            b.append(" -d");
        }
        if (owners) {
            b.append(" -o");
        }
        if (disabled) {
            b.append(" -D");
        }
        return b.toString();
    }
}
