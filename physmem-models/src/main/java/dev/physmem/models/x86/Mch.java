package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.Regions;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.models.pci.PcieMmcfg;
import dev.physmem.region.IoRegion;
import dev.physmem.region.Owner;
import java.util.Objects;

/**
 * The Q35 memory controller hub of the {@code q35} machine: the PCI configuration ports, PAM,
 * SMRAM with TSEG and high SMRAM, the PCIEXBAR register that places the PCI Express MMCONFIG
 * window ({@code pcie-mmcfg-mmio}, owned by the host bridge) in system memory, and PCI function
 * 00.0 ({@code mch}). QEMU counterpart: {@code Q35PCIHost} ({@code /machine/q35}) and
 * {@code MCHPCIState} ({@code /machine/q35/mch}) with {@code mch_update_pciexbar} and
 * {@code pcie_host_mmcfg_update} (hw/pci-host/q35.c, hw/pci/pcie_host.c).
 */
public final class Mch implements HostBridge {
    /** The host bridge object; it owns the configuration ports and the MMCONFIG window. */
    public static final Owner HOST = Owner.devicePath("/machine/q35");
    /** The MCH function; it owns PAM and SMRAM. */
    public static final Owner MCH = Owner.devicePath("/machine/q35/mch");
    /** PCIEXBAR after reset: base 0xb0000000, 256 MiB, disabled. */
    public static final long PCIEXBAR_RESET_VALUE = 0xb000_0000L;
    /** PCIEXBAR's enable bit. */
    public static final long PCIEXBAREN = 0x1;
    /** QEMU 7.2's default {@code extended-tseg-mbytes}. */
    public static final int DEFAULT_EXTENDED_TSEG_MBYTES = 16;
    /** PAM0's offset in the MCH's configuration space ({@code MCH_HOST_BRIDGE_PAM0}). */
    public static final int PAM0 = 0x90;
    /** PCIEXBAR's offset, a quadword ({@code MCH_HOST_BRIDGE_PCIEXBAR}). */
    public static final int PCIEXBAR = 0x60;
    private static final long PCIEXBAR_RESERVED_LENGTH = 0x6;

    private final MemorySystem system;
    private final PcMemoryMap memory;
    private final PciFunction function;
    private final Pam pam;
    private final MchSmram smram;
    private final IoRegion mmcfg;
    private boolean mmcfgMapped;

    Mch(PcBoard board, int extendedTsegMbytes) {
        system = board.system;
        memory = board.memory;
        board.addPciConfigPorts(HOST);
        function = board.pciBus.addFunction("mch", MCH, 0x00);
        function.initHeader(0x8086, 0x29c0, 0x00, 0x06_0000, false);
        pam = new Pam(system, MCH, memory.ram(), memory.systemMemory(), memory.pci(), function, PAM0);
        smram = new MchSmram(system, MCH, memory, extendedTsegMbytes, function);
        mmcfg = system.initIo(HOST, new PcieMmcfg(board.pciBus).ops(), "pcie-mmcfg-mmio",
                PciexbarLength.MB_256.bytes());
        function.setConfigWriteHandler(this::configWritten);
        writePciexbarRegister(PCIEXBAR_RESET_VALUE);
    }

    /** QEMU: {@code mch_write_config}, its updates in its order. */
    private void configWritten(int offset, int length) {
        if (pam.covers(offset, length)) {
            pam.update();
        }
        if (PciConfigSpace.overlaps(offset, length, PCIEXBAR, 8)) {
            updatePciexbar();
        }
        if (MchSmram.coversSmram(offset, length)) {
            smram.registersWritten();
        }
        if (PciConfigSpace.overlaps(offset, length, MchSmram.EXT_TSEG_MBYTES_OFFSET, 2)) {
            smram.extTsegWritten();
        }
        if (PciConfigSpace.overlaps(offset, length, MchSmram.F_SMBASE_OFFSET, 1)) {
            smram.smbaseWritten();
        }
    }

    @Override
    public Pam pam() {
        return pam;
    }

    @Override
    public MchSmram smram() {
        return smram;
    }

    @Override
    public PciFunction function() {
        return function;
    }

    /** PCIEXBAR's current value. */
    public long pciexbarRegister() {
        return function.config().get(PCIEXBAR, 8);
    }

    /**
     * Writes the 64-bit PCIEXBAR register as firmware does and maps, moves or unmaps the
     * MMCONFIG window in one transaction. A value with the reserved length encoding is stored
     * and changes nothing, as in QEMU. (The register is writable in full, so this is one 8-byte
     * configuration write.)
     */
    public void writePciexbarRegister(long value) {
        function.config().set(PCIEXBAR, value, 8);
        try (var _ = system.transaction()) {
            updatePciexbar();
        }
    }

    /** Maps the MMCONFIG window as PCIEXBAR says; called in a transaction. QEMU: {@code mch_update_pciexbar}, {@code pcie_host_mmcfg_update}. */
    private void updatePciexbar() {
        long value = pciexbarRegister();
        if ((value & PCIEXBAR_RESERVED_LENGTH) == PCIEXBAR_RESERVED_LENGTH) {
            return;
        }
        PciexbarLength length = PciexbarLength.values()[(int) (value >>> 1) & 0x3];
        if (mmcfgMapped) {
            memory.systemMemory().delSubregion(mmcfg);
            mmcfgMapped = false;
        }
        if ((value & PCIEXBAREN) != 0) {
            mmcfg.setSize(length.bytes());
            memory.systemMemory().addSubregion(value & length.addressMask(), mmcfg);
            mmcfgMapped = true;
        }
    }

    /**
     * Places the MMCONFIG window at {@code base} with {@code length} and enables or disables it.
     *
     * @throws IllegalArgumentException if {@code base} is not aligned to the length or not below
     *     64 GiB (PCIEXBAR holds address bits 35:26)
     */
    public void setPciexbar(long base, PciexbarLength length, boolean enabled) {
        Objects.requireNonNull(length, "length");
        if ((base & ~length.addressMask()) != 0) {
            throw new IllegalArgumentException("MMCONFIG base must be aligned to its length and below 64 GiB: base=0x"
                    + Long.toHexString(base) + " length=0x" + Long.toHexString(length.bytes()));
        }
        writePciexbarRegister(base | length.bits() | (enabled ? PCIEXBAREN : 0));
    }

    /** Whether the MMCONFIG window is mapped. */
    public boolean isMmcfgEnabled() {
        return mmcfgMapped;
    }

    /** The MMCONFIG window's region ({@code pcie-mmcfg-mmio}). */
    public IoRegion mmcfgRegion() {
        return mmcfg;
    }
}
