package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.region.Owner;
import java.util.Optional;

/**
 * QEMU's {@code q35} machine (MCH host bridge, ICH9 south bridge) as QEMU 7.2 builds it for
 * {@code -M q35 -m SIZE -nodefaults}: the shared {@link PcMemoryMap}, the {@link Mch} with PAM,
 * SMRAM/TSEG and PCIEXBAR, the {@link Ich9Lpc}, the legacy devices without a floppy controller,
 * the {@link Ich9Ahci} and the {@link Ich9Smbus}. QEMU counterpart: {@code pc_q35_init}
 * (hw/i386/pc_q35.c).
 *
 * {@snippet :
 * Q35Machine q35 = Q35Machine.builder().ramSize(2L << 30).build(new MemorySystem());
 * q35.mch().setPciexbar(0xb000_0000L, PciexbarLength.MB_256, true);
 * q35.mch().smram().enableTseg(TsegSize.MB_8);
 * }
 */
public final class Q35Machine extends BoardMachine implements X86Machine {
    private final Mch mch;
    private final Ich9Lpc lpc;
    private final Ich9Ahci ahci;
    private final Ich9Smbus smbus;

    /** Adds the chipset to {@code board}; the caller holds the transaction the build runs in. */
    private Q35Machine(PcBoard board, int extendedTsegMbytes) {
        super(board);
        mch = new Mch(board, extendedTsegMbytes);
        Owner lpcOwner = board.devices.next();
        board.addIoapic(Mch.HOST);
        board.addLegacyDevices(false);
        // QEMU realizes the LPC bridge before the ISA devices behind it but maps its PM
        // registers after them (ich9_lpc_pm_init), which orders the regions at port 0.
        lpc = new Ich9Lpc(board, lpcOwner);
        ahci = new Ich9Ahci(board, board.devices.next());
        smbus = new Ich9Smbus(board, board.devices.next());
        board.addFwCfg();
        board.addDevices();
        board.machineDone(mch.smram());
    }

    /** A builder with QEMU's defaults (128 MiB of RAM, no extra {@code max-ram-below-4g} limit). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The machine with {@code ramSize} bytes of RAM and default properties.
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 8 KiB
     */
    public static Q35Machine build(MemorySystem system, long ramSize) {
        return builder().ramSize(ramSize).build(system);
    }

    @Override
    public String typeName() {
        return "q35";
    }



    @Override
    public Mch hostBridge() {
        return mch;
    }

    /** The memory controller hub. */
    public Mch mch() {
        return mch;
    }

    /** The ICH9 LPC bridge. */
    public Ich9Lpc lpc() {
        return lpc;
    }

    /** The ICH9 AHCI controller. */
    public Ich9Ahci ahci() {
        return ahci;
    }

    /** The ICH9 SMBus controller. */
    public Ich9Smbus smbus() {
        return smbus;
    }

    /** The Intel IOMMU, if the machine was built with one ({@link Builder#intelIommu}). */
    public Optional<IntelIommu> intelIommu() {
        return Optional.ofNullable(board.intelIommu);
    }




    /** Options of the {@code q35} machine. */
    public static final class Builder extends MachineBuilder<Q35Machine, Builder> {
        private int extendedTsegMbytes = Mch.DEFAULT_EXTENDED_TSEG_MBYTES;
        private boolean intelIommu;
        private int iommuAwBits = IntelIommu.DEFAULT_AW_BITS;
        private boolean iommuCachingMode;

        private Builder() {
            super(RamSplit.Q35_MAX_RAM_BELOW_4G);
        }

        /** The MCH's {@code extended-tseg-mbytes} property, in [0, 4095]. */
        public Builder extendedTsegMbytes(int mbytes) {
            this.extendedTsegMbytes = mbytes;
            return this;
        }

        /**
         * Whether to add an Intel IOMMU ({@code -device intel-iommu,intremap=on,device-iotlb=on},
         * {@link IntelIommu}) as the first {@code -device}, in front of every PCI function's DMA.
         */
        public Builder intelIommu(boolean enabled) {
            this.intelIommu = enabled;
            return this;
        }

        /** The IOMMU's {@code aw-bits}: 39 (QEMU's default, 3-level tables) or 48 (also 4-level). */
        public Builder iommuAwBits(int bits) {
            this.iommuAwBits = bits;
            return this;
        }

        /** The IOMMU's {@code caching-mode} (off by default); MAP notifiers need it on. */
        public Builder iommuCachingMode(boolean enabled) {
            this.iommuCachingMode = enabled;
            return this;
        }

        @Override
        PcBoard.Devices devices(boolean vga, boolean virtioNet) {
            return new PcBoard.Devices(intelIommu, iommuAwBits, iommuCachingMode, vga, virtioNet);
        }

        @Override
        RamSplit split(long ramSize, long maxRamBelow4g) {
            if (extendedTsegMbytes < 0 || extendedTsegMbytes > 0xfff) {
                throw new IllegalArgumentException("extended-tseg-mbytes must be in [0, 4095]: extendedTsegMbytes="
                        + extendedTsegMbytes);
            }
            return RamSplit.q35(ramSize, maxRamBelow4g);
        }

        @Override
        Q35Machine assemble(PcBoard board) {
            return new Q35Machine(board, extendedTsegMbytes);
        }
    }
}
