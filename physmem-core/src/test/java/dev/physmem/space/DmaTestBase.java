package dev.physmem.space;

import dev.physmem.MemorySystem;
import dev.physmem.dirty.DirtyClient;
import dev.physmem.dirty.DirtyLog;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.RamRegion;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The machine the map and cache tests share (they extend this class): two adjacent RAM regions, a
 * recording device, a ROM and holes between them. {@code ram} holds byte {@code i} at offset {@code i} and is logged by
 * VGA with every page clean.
 */
abstract class DmaTestBase {
    protected static final long PAGE = DirtyLog.PAGE_SIZE;
    protected static final long RAM = 0x10000;
    protected static final long RAM2 = RAM + 4 * PAGE;
    protected static final long IO = 0x100000;
    protected static final long IO_SIZE = 0x3000;
    protected static final long ROM = 0x200000;
    protected static final long HOLE = 0x300000;

    protected final MemorySystem sys = new MemorySystem();
    protected final DirtyLog dirty = sys.dirtyLog();
    protected final ContainerRegion root = sys.initContainer(null, "root", MemoryRegion.SIZE_2_64);
    protected final RamRegion ram = sys.initRam(null, "ram", 4 * PAGE);
    protected final RamRegion ram2 = sys.initRam(null, "ram2", 4 * PAGE);
    protected final RamRegion rom = sys.initRom(null, "rom", 2 * PAGE);
    protected final RecordingDevice dev = new RecordingDevice((int) IO_SIZE, Endianness.LITTLE, ByteOrder.LITTLE_ENDIAN,
            AccessConstraints.DEFAULT, AccessConstraints.DEFAULT).withPattern();
    protected final MemoryRegion io = sys.initIo(null, dev, "dev", IO_SIZE);
    protected final AddressSpace as;

    DmaTestBase() {
        try (var tx = sys.transaction()) {
            root.addSubregion(RAM, ram);
            root.addSubregion(RAM2, ram2);
            root.addSubregion(IO, io);
            root.addSubregion(ROM, rom);
        }
        as = sys.addressSpace(root, "memory");
        for (int i = 0; i < ram.size(); i++) {
            ram.backing().set(ValueLayout.JAVA_BYTE, i, (byte) i);
        }
        dirty.setLog(ram, true, DirtyClient.VGA);
        dirty.resetDirty(ram, 0, ram.size(), DirtyClient.VGA);
    }

    /** Whether page {@code page} of {@code ram} is dirty for VGA. */
    protected boolean dirtyPage(long page) {
        return dirty.getDirty(ram, page * PAGE, PAGE, DirtyClient.VGA);
    }
}
