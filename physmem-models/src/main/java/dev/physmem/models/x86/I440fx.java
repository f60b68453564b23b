package dev.physmem.models.x86;

import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.Owner;

/**
 * The i440FX host bridge of the {@code pc} machine: the PCI configuration ports, the PAM
 * segments and SMRAM, and PCI function 00.0 ({@code i440FX}). QEMU counterpart:
 * {@code I440FXState} ({@code /machine/i440fx}, which owns the ports and the PAM aliases) and
 * {@code PCII440FXState} (the function, which owns SMRAM), hw/pci-host/i440fx.c.
 */
public final class I440fx implements HostBridge {
    /** The host bridge object. */
    public static final Owner HOST = Owner.devicePath("/machine/i440fx");

    /** PAM0's offset in the function's configuration space ({@code I440FX_PAM}). */
    public static final int PAM0 = 0x59;
    /** The SMRAM register's offset ({@code I440FX_SMRAM}). */
    public static final int SMRAM = I440fxSmram.OFFSET;

    private final PciFunction function;
    private final I440fxSmram smram;
    private final Pam pam;

    I440fx(PcBoard board, Owner functionOwner) {
        board.addPciConfigPorts(HOST);
        function = board.pciBus.addFunction("i440FX", functionOwner, 0x00);
        function.initHeader(0x8086, 0x1237, 0x02, 0x06_0000, false);
        smram = new I440fxSmram(board.system, functionOwner, board.memory, function);
        PcMemoryMap memory = board.memory;
        pam = new Pam(board.system, HOST, memory.ram(), memory.systemMemory(), memory.pci(), function, PAM0);
        function.setConfigWriteHandler(this::configWritten);
    }

    /** QEMU: {@code i440fx_write_config}, which updates PAM and SMRAM together. */
    private void configWritten(int offset, int length) {
        if (pam.covers(offset, length) || PciConfigSpace.overlaps(offset, length, SMRAM, 1)) {
            pam.update();
            smram.registersWritten();
        }
    }

    @Override
    public Pam pam() {
        return pam;
    }

    @Override
    public I440fxSmram smram() {
        return smram;
    }

    @Override
    public PciFunction function() {
        return function;
    }
}
