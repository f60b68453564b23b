package dev.physmem.space;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatView;
import dev.physmem.region.MemoryRegion;

/**
 * A view of the region tree from one bus master: the CPU's memory, port I/O, a device's DMA.
 * QEMU counterpart: {@code AddressSpace}.
 *
 * <h2>Thread safety</h2>
 * Accesses read the current {@link FlatView} once (one volatile read) and use it to the end; a
 * concurrent topology change publishes a new view without disturbing them.
 */
public final class AddressSpace {
    private final MemorySystem system;
    private final MemoryRegion root;
    private final String name;
    private volatile FlatView view = FlatView.empty();

    /** Created by {@link MemorySystem#addressSpace}. */
    public AddressSpace(MemorySystem system, MemoryRegion root, String name) {
        this.system = system;
        this.root = root;
        this.name = name;
    }

    /** The name, as {@code info mtree} prints it. */
    public String name() {
        return name;
    }

    /** The root region given at creation. */
    public MemoryRegion root() {
        return root;
    }

    /** The system this space belongs to. */
    public MemorySystem system() {
        return system;
    }

    /** The current view; valid as a snapshot for as long as the caller holds it. */
    public FlatView view() {
        return view;
    }

    /** Publishes a newly rendered view. Called by the system at commit, lock held. */
    public void publish(FlatView newView) {
        this.view = newView;
    }

    @Override
    public String toString() {
        return "AddressSpace[" + name + "]";
    }
}
