package dev.physmem.models.x86.firmware;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.models.x86.HostBridge;
import dev.physmem.models.x86.Ich9Smbus;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.models.x86.PciexbarLength;
import dev.physmem.models.x86.PcMachine;
import dev.physmem.models.x86.Q35Machine;
import dev.physmem.models.x86.Smram;
import dev.physmem.models.x86.StdVga;
import dev.physmem.models.x86.VirtioNetPci;
import dev.physmem.models.x86.X86Machine;

/**
 * The chipset programming that SeaBIOS 1.16 (QEMU 7.2's {@code bios-256k.bin}) performs during
 * POST on the {@code pc} and {@code q35} models, done through the models' register API, so that
 * a built machine ends where QEMU's does after SeaBIOS has run.
 *
 * <h2>What POST programs, in SeaBIOS's order</h2>
 * <ol>
 *   <li>Shadowing: PAM read-write over 0xc0000-0xfffff ({@code make_bios_writable}).
 *   <li>Platform setup: on q35 the MMCONFIG window at 0xb0000000 (256 MiB,
 *       {@code mch_mmconfig_setup}).
 *   <li>PCI resources: every BAR placed by SeaBIOS's allocator ({@code pci_bios_map_devices});
 *       then each function's own setup and I/O and memory decoding on
 *       ({@code pci_bios_init_devices}): PIIX4 PM at 0x600 and its SMBus at 0x700
 *       ({@code piix4_pm_setup}); ICH9 PM at 0x600 with ACPI on and RCBA at 0xfed1c000
 *       ({@code mch_isa_bridge_setup}), ICH9 SMBus BAR at 0x700 ({@code ich9_smbus_setup}).
 *   <li>SMM: SMRAM opened with {@code G_SMRAME}, the handler installed, SMRAM closed
 *       ({@code piix4_apmc_smm_setup}, {@code ich9_lpc_apmc_smm_setup}).
 *   <li>VGA: with a {@link StdVga}, its expansion ROM is enabled, copied to the start of the
 *       option ROM area and disabled again ({@code vgarom_setup}, {@code map_pcirom}); then the
 *       VGA BIOS sets text mode 3 through the VGA ports, which leaves the legacy window in
 *       odd/even mode at 0xb8000 without a chain-4 alias.
 *   <li>Option ROMs: with a {@link VirtioNetPci}, its ROM (iPXE) is copied after the VGA ROM the
 *       same way; it keeps {@link VirtioNetPci#ROM_RUNTIME_SIZE} bytes after its initialisation,
 *       which also leaves the function bus-mastering. Then the vapic ROM, placed after them,
 *       runs and {@code kvmvapic} maps its RAM writable.
 *   <li>Drivers: the AHCI driver turns on bus mastering of the AHCI controller
 *       ({@code ahci_controller_setup}); the ATA driver of the pc machine does not use DMA.
 *   <li>Shadowing: PAM read-only over the option ROM area and the BIOS
 *       ({@code make_bios_readonly}).
 * </ol>
 * Each step is one or more transactions of the models' API; the final state is what QEMU 7.2's
 * {@code info mtree} shows after SeaBIOS ran (the {@code running} captures of x86_64-pc,
 * x86_64-pc-vga, x86_64-q35 and x86_64-q35-intel-iommu).
 */
public final class SeaBios {
    /** SeaBIOS's ACPI PM base ({@code PORT_ACPI_PM_BASE}). */
    public static final int ACPI_PM_BASE = 0x600;
    /** SeaBIOS's SMBus base ({@code PORT_SMB_BASE}). */
    public static final int SMBUS_BASE = 0x700;
    /** Where SeaBIOS puts the q35 MMCONFIG window ({@code Q35_HOST_BRIDGE_PCIEXBAR_ADDR}). */
    public static final long MMCONFIG_BASE = 0xb000_0000L;
    /** Where SeaBIOS puts the ICH9 root complex registers ({@code ICH9_LPC_RCBA_ADDR}). */
    public static final long RCBA = 0xfed1_c000L;
    /** The top of SeaBIOS's 32-bit PCI memory window ({@code BUILD_PCIMEM_END}). */
    public static final long PCIMEM_END = 0xfec0_0000L;
    /** SeaBIOS places option ROMs in RAM at this alignment ({@code OPTION_ROM_ALIGN}). */
    public static final long OPTION_ROM_ALIGN = 0x800;
    /** SeaVGABIOS's text mode 3: sequencer registers 0-4, graphics controller 0-8, misc output. */
    private static final int[] MODE3_SEQUENCER = {0x03, 0x00, 0x03, 0x00, 0x02};
    private static final int[] MODE3_GRAPHICS = {0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x0e, 0x0f, 0xff};
    private static final int MODE3_MISC_OUTPUT = 0x67;

    private SeaBios() {
    }

    /**
     * Tunables of the POST model: where option ROMs may end and where the vapic ROM lands.
     *
     * @param romMax the end of the area option ROMs may use (SeaBIOS's {@code rom_get_max()});
     *     it decides which PAM segments end up read-only. With QEMU 7.2's SeaBIOS on these
     *     machines the captures leave 0xe8000-0xeffff writable, which means a value in
     *     [0xe4000, 0xe8000)
     * @param optionRomBase where SeaBIOS starts placing option ROMs: the VGA ROM there (if the
     *     machine has a VGA), the vapic ROM after it
     * @param vapicRomSize the vapic ROM's size: three pages for QEMU 7.2's {@code kvmvapic.bin}
     */
    public record Options(long romMax, long optionRomBase, long vapicRomSize) {
        /** The values that reproduce QEMU 7.2's captures. */
        public static final Options DEFAULTS = new Options(0xe_7800L, 0xc_0000L, 0x3000L);
    }

    /** Runs POST on {@code machine} with {@link Options#DEFAULTS}. */
    public static void post(X86Machine machine) {
        post(machine, Options.DEFAULTS);
    }

    /**
     * Runs POST on {@code machine}.
     *
     * @throws IllegalStateException if the machine's BARs do not fit SeaBIOS's windows
     */
    public static void post(X86Machine machine, Options options) {
        HostBridge host = machine.hostBridge();
        BiosShadow.makeBiosWritable(host.pam());
        switch (machine) {
            case PcMachine pc -> pciSetup(pc);
            case Q35Machine q35 -> pciSetup(q35);
        }
        smmSetup(host);
        long nextRom = options.optionRomBase();
        if (machine.vga().isPresent()) {
            nextRom = copyOptionRom(machine, machine.vga().get().function(), StdVga.ROM_IMAGE_SIZE, nextRom);
            setMode3(machine);
        }
        if (machine.virtioNet().isPresent()) {
            PciFunction net = machine.virtioNet().get().function();
            nextRom = copyOptionRom(machine, net, VirtioNetPci.ROM_RUNTIME_SIZE, nextRom);
            net.setBusMaster(true);
        }
        machine.kvmvapic().mapRomWritable(nextRom, options.vapicRomSize());
        if (machine instanceof Q35Machine q35) {
            q35.ahci().function().setBusMaster(true);
        }
        BiosShadow.makeBiosReadonly(host.pam(), options.romMax());
    }

    private static void pciSetup(PcMachine pc) {
        PciResourceAllocator.assign(pc.pciBus(), i440fxPciWindowStart(pc.ramSplit().below4g()), PCIMEM_END);
        pc.pm().setPmBase(ACPI_PM_BASE);
        pc.pm().setPmEnabled(true);
        pc.pm().setSmbusBase(SMBUS_BASE);
        pc.pm().setSmbusEnabled(true);
        enableDecoding(pc);
    }

    private static void pciSetup(Q35Machine q35) {
        q35.mch().setPciexbar(MMCONFIG_BASE, PciexbarLength.MB_256, true);
        PciResourceAllocator.assign(q35.pciBus(), MMCONFIG_BASE + PciexbarLength.MB_256.bytes(), PCIMEM_END);
        q35.lpc().setPmBase(ACPI_PM_BASE);
        q35.lpc().setAcpiEnabled(true);
        q35.lpc().setRcba(RCBA, true);
        q35.smbus().function().setBarAddress(Ich9Smbus.SMB_BAR, SMBUS_BASE);
        enableDecoding(q35);
    }

    /**
     * Where SeaBIOS starts the 32-bit PCI window on the i440FX: at 2 GiB or 3 GiB, whichever is
     * the first above low RAM, else at its default 0xe0000000 ({@code i440fx_mem_addr_setup}).
     */
    private static long i440fxPciWindowStart(long below4g) {
        if (below4g <= 0x8000_0000L) {
            return 0x8000_0000L;
        }
        return below4g <= 0xc000_0000L ? 0xc000_0000L : 0xe000_0000L;
    }

    /** {@code pci_bios_init_device}: I/O and memory decoding on for every function. */
    private static void enableDecoding(X86Machine machine) {
        for (PciFunction f : machine.pciBus().functions()) {
            f.setIoDecode(true);
            f.setMemoryDecode(true);
        }
    }

    /**
     * Copies {@code length} bytes of {@code f}'s ROM through its enabled ROM BAR to
     * {@code romBase} in shadow RAM, disables the BAR again, and returns where the next option
     * ROM goes ({@code map_pcirom}, {@code init_optionrom}).
     */
    private static long copyOptionRom(X86Machine machine, PciFunction f, long length, long romBase) {
        byte[] image = new byte[(int) length];
        f.setRomEnabled(true);
        machine.memory().read(f.barAddress(PciFunction.ROM_SLOT), MemTxAttrs.UNSPECIFIED, image, 0, image.length);
        f.setRomEnabled(false);
        machine.memory().write(romBase, MemTxAttrs.UNSPECIFIED, image, 0, image.length);
        return romBase + ((image.length + OPTION_ROM_ALIGN - 1) & -OPTION_ROM_ALIGN);
    }

    /** SeaVGABIOS's {@code stdvga_set_mode} for mode 3, the registers that decide the legacy window. */
    private static void setMode3(X86Machine machine) {
        var io = machine.ioSpace();
        io.stb(0x3c2, MODE3_MISC_OUTPUT);
        for (int i = 0; i < MODE3_SEQUENCER.length; i++) {
            io.stb(0x3c4, i);
            io.stb(0x3c5, MODE3_SEQUENCER[i]);
        }
        for (int i = 0; i < MODE3_GRAPHICS.length; i++) {
            io.stb(0x3ce, i);
            io.stb(0x3cf, MODE3_GRAPHICS[i]);
        }
    }

    /** Opens SMRAM with G_SMRAME to install the handler, then closes it, leaving it enabled. */
    private static void smmSetup(HostBridge host) {
        host.smram().writeRegister(Smram.C_BASE_SEG | Smram.D_OPEN | Smram.G_SMRAME);
        host.smram().writeRegister(Smram.C_BASE_SEG | Smram.G_SMRAME);
    }
}
