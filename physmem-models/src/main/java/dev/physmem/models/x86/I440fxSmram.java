package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/**
 * SMRAM of the i440FX: {@code smram-region}, an alias of the PCI space over the compatible
 * SMRAM at priority 1 in system memory (shown while SMRAM is closed, so ordinary accesses see
 * the VGA window), and the {@code smram} container of the SMM view with {@code smram-low}, the
 * RAM behind it (enabled with {@code G_SMRAME}). QEMU counterpart: the SMRAM parts of
 * {@code i440fx_pcihost_realize} and {@code i440fx_update_memory_mappings}.
 */
public final class I440fxSmram extends Smram {
    private final AliasRegion smramRegion;
    private final ContainerRegion smram;

    /** The register's offset in the i440FX's configuration space. */
    static final int OFFSET = 0x72;

    I440fxSmram(MemorySystem system, Owner owner, PcMemoryMap memory, PciFunction function) {
        super("i440FX", function, OFFSET);
        smramRegion = system.initAlias(owner, "smram-region", memory.pci(), C_BASE, C_SIZE);
        smram = system.initContainer(owner, "smram", RamSplit.FOUR_GIB);
        try (var _ = system.transaction()) {
            memory.systemMemory().addSubregionOverlap(C_BASE, smramRegion, 1);
            smram.addSubregion(C_BASE, system.initAlias(owner, "smram-low", memory.ram(), C_BASE, C_SIZE));
            update();
        }
    }

    @Override
    public MemoryRegion region() {
        return smram;
    }

    @Override
    void update() {
        smramRegion.setEnabled(!isOpen());
        smram.setEnabled(isEnabled());
    }
}
