package dev.physmem.models.x86;

import dev.physmem.models.Regions;
import dev.physmem.models.UnattachedDevices;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;

/**
 * The ISA-era devices every PC board carries, created in QEMU's order so that their owners get
 * the same {@code device[N]} numbers: two 8257 DMA controllers, two 8259 PICs (with their ELCR
 * ports), the HPET, the MC146818 RTC, the 8254 PIT, the PC speaker, optionally the floppy
 * controller, the i8042 keyboard controller, VMware's backdoor port, the VMware mouse (which
 * maps nothing), port 92, and the machine's own ports 0x80 and 0xf0. QEMU counterpart:
 * {@code pc_basic_device_init}, {@code pc_i8259_create}, {@code i8257_dma_init} and
 * {@code pc_superio_init}.
 */
final class LegacyDevices {
    /** Guest-physical base of the HPET. */
    static final long HPET_BASE = 0xfed0_0000L;

    private LegacyDevices() {
    }

    /** Creates the devices, taking device numbers from {@code devices}. */
    static void create(PcMemoryMap memory, UnattachedDevices devices, boolean floppy) {
        IoRegion io = memory.io();
        dma(io, devices.next(), 0x00, 8, 0x81, 0x87);
        dma(io, devices.next(), 0xc0, 16, 0x89, 0x8f);
        pic(io, devices.next(), 0x20, 0x4d0);
        pic(io, devices.next(), 0xa0, 0x4d1);
        Regions.map(memory.systemMemory(), HPET_BASE, devices.next(), "hpet", 0x400);
        rtc(io, devices.next());
        Regions.map(io, 0x40, devices.next(), "pit", 4);
        Regions.map(io, 0x61, devices.next(), "pcspk", 1);
        if (floppy) {
            Owner fdc = devices.next();
            Regions.map(io, 0x3f1, fdc, "fdc", 5);
            Regions.map(io, 0x3f7, fdc, "fdc", 1);
        }
        Owner i8042 = devices.next();
        Regions.map(io, 0x60, i8042, "i8042-data", 1);
        Regions.map(io, 0x64, i8042, "i8042-cmd", 1);
        Regions.map(io, 0x5658, devices.next(), "vmport", 1);
        devices.next(); // vmmouse: talks through vmport, maps nothing of its own
        Regions.map(io, 0x92, devices.next(), "port92", 1);
        Regions.map(io, 0x80, Owner.UNATTACHED, "ioport80", 1);
        Regions.map(io, 0xf0, Owner.UNATTACHED, "ioportF0", 1);
    }

    /**
     * One 8257: channel and control registers ({@code size} bytes each, doubled on the 16-bit
     * controller) and two page-register windows.
     */
    private static void dma(MemoryRegion io, Owner owner, int base, int size, int page, int page2) {
        Regions.map(io, base, owner, "dma-chan", size);
        Regions.map(io, base + size, owner, "dma-cont", size);
        Regions.map(io, page, owner, "dma-page", 3);
        Regions.map(io, page2, owner, "dma-page", 1);
    }

    private static void pic(MemoryRegion io, Owner owner, int base, int elcr) {
        Regions.map(io, base, owner, "pic", 2);
        Regions.map(io, elcr, owner, "elcr", 1);
    }

    /** The RTC: index and data ports, the index port as its own subregion. */
    private static void rtc(IoRegion io, Owner owner) {
        IoRegion rtc = Regions.registers(io.system(), owner, "rtc", 2);
        Regions.map(rtc, 0, owner, "rtc-index", 1);
        io.addSubregion(0x70, rtc);
    }
}
