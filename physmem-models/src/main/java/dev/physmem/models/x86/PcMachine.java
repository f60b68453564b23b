package dev.physmem.models.x86;

import dev.physmem.MemorySystem;

/**
 * QEMU's {@code pc} machine (i440FX host bridge, PIIX3 south bridge) as QEMU 7.2 builds it for
 * {@code -M pc -m SIZE -nodefaults}: the shared {@link PcMemoryMap}, the {@link I440fx} with
 * PAM and SMRAM, {@link Piix3}, the legacy devices with a floppy controller, the
 * {@link PiixIde} and the {@link Piix4Pm}; with {@code vga(true)}, a {@link StdVga} in slot 2.
 * Owners follow QEMU's QOM paths, so
 * {@code info mtree -o} of the model reads like QEMU's. QEMU counterpart: {@code pc_init1}
 * (hw/i386/pc_piix.c).
 *
 * {@snippet :
 * PcMachine pc = PcMachine.builder().ramSize(512L << 20).build(new MemorySystem());
 * pc.i440fx().setPam(0, PamMode.READ_WRITE);   // shadow the BIOS segment
 * pc.i440fx().smram().setEnabled(true);        // G_SMRAME
 * }
 */
public final class PcMachine extends BoardMachine implements X86Machine {
    private final I440fx i440fx;
    private final Piix3 piix3;
    private final PiixIde ide;
    private final Piix4Pm pm;

    /** Adds the chipset to {@code board}; the caller holds the transaction the build runs in. */
    private PcMachine(PcBoard board) {
        super(board);
        i440fx = new I440fx(board, board.devices.next());
        piix3 = new Piix3(board, board.devices.next());
        board.addIoapic(I440fx.HOST);
        board.addLegacyDevices(true);
        ide = new PiixIde(board, board.devices.next());
        pm = new Piix4Pm(board, board.devices.next());
        board.addFwCfg();
        board.addDevices();
        board.machineDone(i440fx.smram());
    }

    /** A builder with QEMU's defaults (128 MiB of RAM, {@code max-ram-below-4g} 3.5 GiB). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The machine with {@code ramSize} bytes of RAM and default properties.
     *
     * @throws IllegalArgumentException if {@code ramSize} is not a positive multiple of 8 KiB
     */
    public static PcMachine build(MemorySystem system, long ramSize) {
        return builder().ramSize(ramSize).build(system);
    }

    @Override
    public String typeName() {
        return "pc";
    }



    @Override
    public I440fx hostBridge() {
        return i440fx;
    }

    /** The i440FX host bridge. */
    public I440fx i440fx() {
        return i440fx;
    }

    /** The PIIX3 ISA bridge. */
    public Piix3 piix3() {
        return piix3;
    }

    /** The PIIX3 IDE controller. */
    public PiixIde ide() {
        return ide;
    }

    /** The PIIX4 power management function. */
    public Piix4Pm pm() {
        return pm;
    }




    /** Options of the {@code pc} machine. */
    public static final class Builder extends MachineBuilder<PcMachine, Builder> {
        private Builder() {
            super(RamSplit.PC_MAX_RAM_BELOW_4G);
        }

        @Override
        RamSplit split(long ramSize, long maxRamBelow4g) {
            return RamSplit.pc(ramSize, maxRamBelow4g);
        }

        @Override
        PcMachine assemble(PcBoard board) {
            return new PcMachine(board);
        }
    }
}
