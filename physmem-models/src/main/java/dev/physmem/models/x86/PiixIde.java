package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciBarSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Owner;

/**
 * The PIIX3 IDE controller (function 01.1): the legacy ATA ports of both channels, which QEMU
 * maps without an owner, and BAR 4, the 16-byte bus-master DMA block ({@code piix-bmdma} and
 * {@code bmdma} per channel in {@code piix-bmdma-container}). Header: 8086:7010, class 0x0101
 * with programming interface 0x80 (legacy ATA, bus mastering). QEMU counterpart:
 * {@code PCIIDEState} with {@code bmdma_setup_bar} (hw/ide/piix.c) and {@code ide_init_ioport}.
 */
public final class PiixIde {
    /** The BAR that holds the bus-master DMA block. */
    public static final int BMDMA_BAR = 4;

    private final PciFunction function;

    PiixIde(PcBoard board, Owner owner) {
        function = board.pciBus.addFunction("piix3-ide", owner, 0x09);
        function.initHeader(0x8086, 0x7010, 0x00, 0x01_0180, false);
        var io = board.memory.io();
        Regions.map(io, 0x1f0, Owner.UNATTACHED, "ide", 8);
        Regions.map(io, 0x3f6, Owner.UNATTACHED, "ide", 1);
        Regions.map(io, 0x170, Owner.UNATTACHED, "ide", 8);
        Regions.map(io, 0x376, Owner.UNATTACHED, "ide", 1);
        ContainerRegion bmdma = board.system.initContainer(owner, "piix-bmdma-container", 16);
        for (int channel = 0; channel < 2; channel++) {
            Regions.map(bmdma, channel * 8L, owner, "piix-bmdma", 4);
            Regions.map(bmdma, channel * 8L + 4, owner, "bmdma", 4);
        }
        function.registerBar(BMDMA_BAR, PciBarSpace.IO, bmdma);
    }

    /** The PCI function. */
    public PciFunction function() {
        return function;
    }
}
