package dev.physmem.models.x86.firmware;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.models.x86.Smram;
import dev.physmem.models.x86.StdVga;
import dev.physmem.models.x86.VirtioNetPci;
import dev.physmem.models.x86.X86Machine;

/**
 * The chipset programming that SeaBIOS 1.16 (QEMU 7.2's {@code bios-256k.bin}) performs during
 * POST on the {@code pc} and {@code q35} models, done as SeaBIOS does it: through PCI
 * configuration cycles (ports 0xcf8/0xcfc, and on q35 the MMCONFIG window once SeaBIOS has
 * placed it) and port I/O, so that a built machine ends where QEMU's does after SeaBIOS has run.
 * The only model call that is not a guest access is the vapic ROM's mapping, which QEMU's
 * {@code kvmvapic} does itself when the ROM runs.
 *
 * <h2>What POST programs, in SeaBIOS's order</h2>
 * <ol>
 *   <li>Shadowing: PAM read-write over 0xc0000-0xfffff, two dword read-modify-writes around
 *       PAM0 of the host bridge found by its IDs ({@code make_bios_writable}).
 *   <li>Bus probe through mechanism #1; platform setup: on q35 PCIEXBAR = 0xb0000000, 256 MiB,
 *       enabled, and MMCONFIG used from then on ({@code mch_mmconfig_setup}).
 *   <li>PCI resources: every BAR sized and placed by SeaBIOS's allocator
 *       ({@code pci_bios_check_devices}, {@code pci_bios_map_devices}); then, function by
 *       function, its own setup and I/O, memory and SERR on in the command register
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
 * The final state is what QEMU 7.2's {@code info mtree} shows after SeaBIOS ran (the
 * {@code running} captures of x86_64-pc, x86_64-pc-vga, x86_64-q35 and x86_64-q35-intel-iommu).
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
    private static final long MMCONFIG_SIZE = 256L << 20;
    private static final int PCIEXBAREN = 0x1;
    private static final int INTEL = 0x8086;
    private static final int I440FX = 0x1237;
    private static final int Q35_MCH = 0x29c0;
    private static final int PIIX3_IDE = 0x7010;
    private static final int PIIX4_PM = 0x7113;
    private static final int ICH9_LPC = 0x2918;
    private static final int ICH9_AHCI = 0x2922;
    private static final int ICH9_SMBUS = 0x2930;
    private static final int VIRTIO_VENDOR = 0x1af4;
    private static final int VIRTIO_NET_DEVICE = 0x1041;
    private static final int PCI_CLASS_DISPLAY_VGA = 0x0300;
    private static final int I440FX_PAM0 = 0x59;
    private static final int I440FX_SMRAM = 0x72;
    private static final int Q35_PAM0 = 0x90;
    private static final int Q35_SMRAM = 0x9d;
    private static final int Q35_PCIEXBAR = 0x60;
    private static final int PIIX_PMBASE = 0x40;
    private static final int PIIX_PMREGMISC = 0x80;
    private static final int PIIX_SMBHSTBASE = 0x90;
    private static final int PIIX_SMBHSTCFG = 0xd2;
    private static final int PIIX_DEVACTB = 0x58;
    private static final int PIIX_DEVACTB_APMC_EN = 1 << 25;
    private static final int ICH9_LPC_PMBASE = 0x40;
    private static final int ICH9_LPC_ACPI_CTRL = 0x44;
    private static final int ICH9_LPC_ACPI_EN = 0x80;
    private static final int ICH9_LPC_RCBA = 0xf0;
    private static final int ICH9_SMB_BASE = 0x20;
    private static final int ICH9_SMB_HOSTC = 0x40;
    private static final int ICH9_PMIO_SMI_EN = 0x30;
    private static final int ICH9_PMIO_SMI_EN_APMC_EN = 1 << 5;
    private static final int PCI_ROM_ADDRESS = 0x30;
    private static final int PCI_ROM_ADDRESS_ENABLE = 0x1;
    private static final long PCI_ROM_ADDRESS_MASK = 0xffff_f800L;
    private static final int COMMAND_IO = 0x1;
    private static final int COMMAND_MEMORY = 0x2;
    private static final int COMMAND_MASTER = 0x4;
    private static final int COMMAND_SERR = 0x100;

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
     * @throws IllegalStateException if the machine has no i440FX or MCH, or its BARs do not fit
     *     SeaBIOS's windows
     */
    public static void post(X86Machine machine, Options options) {
        PciConfigCycles cfg = new PciConfigCycles(machine.ioSpace(), machine.memory());
        Chipset chipset = Chipset.probe(cfg);
        BiosShadow.makeBiosWritable(cfg, chipset.hostBdf(), chipset.pam0());
        pciSetup(machine, cfg, chipset);
        smmSetup(machine, cfg, chipset);
        long nextRom = options.optionRomBase();
        int vga = cfg.findClass(PCI_CLASS_DISPLAY_VGA);
        if (vga >= 0) {
            nextRom = copyOptionRom(machine, cfg, vga, StdVga.ROM_IMAGE_SIZE, nextRom);
            setMode3(machine);
        }
        int net = cfg.find(VIRTIO_VENDOR, VIRTIO_NET_DEVICE);
        if (net >= 0) {
            nextRom = copyOptionRom(machine, cfg, net, VirtioNetPci.ROM_RUNTIME_SIZE, nextRom);
            cfg.maskw(net, PciConfigCycles.COMMAND, 0, COMMAND_MASTER);
        }
        machine.kvmvapic().mapRomWritable(nextRom, options.vapicRomSize());
        int ahci = cfg.find(INTEL, ICH9_AHCI);
        if (ahci >= 0) {
            cfg.maskw(ahci, PciConfigCycles.COMMAND, 0, COMMAND_MASTER);
        }
        BiosShadow.makeBiosReadonly(cfg, chipset.hostBdf(), chipset.pam0(), options.romMax());
    }

    /** The chipset SeaBIOS recognises by its host bridge's IDs, with the registers it programs. */
    private record Chipset(boolean q35, int hostBdf, int pam0, int smram) {
        static Chipset probe(PciConfigCycles cfg) {
            int i440fx = cfg.find(INTEL, I440FX);
            if (i440fx >= 0) {
                return new Chipset(false, i440fx, I440FX_PAM0, I440FX_SMRAM);
            }
            int mch = cfg.find(INTEL, Q35_MCH);
            if (mch >= 0) {
                return new Chipset(true, mch, Q35_PAM0, Q35_SMRAM);
            }
            throw new IllegalStateException("no i440FX or Q35 host bridge on bus 0");
        }
    }

    /** {@code pci_setup}: platform setup, the allocator, then each function's setup and decoding. */
    private static void pciSetup(X86Machine machine, PciConfigCycles cfg, Chipset chipset) {
        long pcimemStart;
        if (chipset.q35()) {
            mmconfigSetup(cfg, chipset.hostBdf());
            pcimemStart = MMCONFIG_BASE + MMCONFIG_SIZE;
        } else {
            pcimemStart = i440fxPciWindowStart(machine.ramSplit().below4g());
        }
        PciResourceAllocator.assign(cfg, pcimemStart, PCIMEM_END);
        for (int bdf : cfg.probeBus0()) {
            int vendor = cfg.readw(bdf, PciConfigCycles.VENDOR_ID);
            int device = cfg.readw(bdf, PciConfigCycles.DEVICE_ID);
            if (vendor == INTEL) {
                deviceSetup(cfg, bdf, device);
            }
            cfg.maskw(bdf, PciConfigCycles.COMMAND, 0, COMMAND_IO | COMMAND_MEMORY | COMMAND_SERR);
        }
    }

    /** {@code mch_mmconfig_setup}: PCIEXBAR off, its high dword, then base and enable; MMCONFIG from then on. */
    private static void mmconfigSetup(PciConfigCycles cfg, int mch) {
        cfg.writel(mch, Q35_PCIEXBAR, 0);
        cfg.writel(mch, Q35_PCIEXBAR + 4, (int) (MMCONFIG_BASE >>> 32));
        cfg.writel(mch, Q35_PCIEXBAR, (int) MMCONFIG_BASE | PCIEXBAREN);
        cfg.enableMmconfig(MMCONFIG_BASE);
    }

    /** The device-specific steps of {@code pci_device_tbl} that the models have. */
    private static void deviceSetup(PciConfigCycles cfg, int bdf, int device) {
        switch (device) {
            case PIIX3_IDE -> {
                cfg.writew(bdf, 0x40, 0x8000);
                cfg.writew(bdf, 0x42, 0x8000);
            }
            case PIIX4_PM -> {
                cfg.writel(bdf, PIIX_PMBASE, ACPI_PM_BASE | 1);
                cfg.writeb(bdf, PIIX_PMREGMISC, 0x01);
                cfg.writel(bdf, PIIX_SMBHSTBASE, SMBUS_BASE | 1);
                cfg.writeb(bdf, PIIX_SMBHSTCFG, 0x09);
            }
            case ICH9_LPC -> {
                cfg.writel(bdf, ICH9_LPC_PMBASE, ACPI_PM_BASE | 1);
                cfg.writeb(bdf, ICH9_LPC_ACPI_CTRL, ICH9_LPC_ACPI_EN);
                cfg.writel(bdf, ICH9_LPC_RCBA, (int) RCBA | 1);
            }
            case ICH9_SMBUS -> {
                cfg.writel(bdf, ICH9_SMB_BASE, SMBUS_BASE | 1);
                cfg.writeb(bdf, ICH9_SMB_HOSTC, 0x01);
            }
            default -> { }
        }
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

    /**
     * Copies {@code length} bytes of {@code bdf}'s ROM through its briefly enabled ROM BAR to
     * {@code romBase} in shadow RAM, and returns where the next option ROM goes
     * ({@code map_pcirom}, {@code init_optionrom}).
     */
    private static long copyOptionRom(X86Machine machine, PciConfigCycles cfg, int bdf, long length, long romBase) {
        byte[] image = new byte[(int) length];
        int orig = cfg.readl(bdf, PCI_ROM_ADDRESS);
        cfg.writel(bdf, PCI_ROM_ADDRESS, orig | PCI_ROM_ADDRESS_ENABLE);
        machine.memory().read(orig & PCI_ROM_ADDRESS_MASK, MemTxAttrs.UNSPECIFIED, image, 0, image.length);
        cfg.writel(bdf, PCI_ROM_ADDRESS, orig);
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

    /**
     * Opens SMRAM with G_SMRAME to install the handler, enables SMIs on APM writes, then closes
     * SMRAM, leaving it enabled ({@code piix4_apmc_smm_setup}, {@code ich9_lpc_apmc_smm_setup}).
     * The handler's relocation, which runs in SMM, is not modelled.
     */
    private static void smmSetup(X86Machine machine, PciConfigCycles cfg, Chipset chipset) {
        int host = chipset.hostBdf();
        if (chipset.q35()) {
            int smiEn = ACPI_PM_BASE + ICH9_PMIO_SMI_EN;
            int value = machine.ioSpace().ldlLe(smiEn);
            if ((value & ICH9_PMIO_SMI_EN_APMC_EN) != 0) {
                return;
            }
            cfg.writeb(host, chipset.smram(), Smram.C_BASE_SEG | Smram.D_OPEN | Smram.G_SMRAME);
            machine.ioSpace().stlLe(smiEn, value | ICH9_PMIO_SMI_EN_APMC_EN);
        } else {
            int pm = cfg.find(INTEL, PIIX4_PM);
            int value = cfg.readl(pm, PIIX_DEVACTB);
            if ((value & PIIX_DEVACTB_APMC_EN) != 0) {
                return;
            }
            cfg.writeb(host, chipset.smram(), Smram.C_BASE_SEG | Smram.D_OPEN | Smram.G_SMRAME);
            cfg.writel(pm, PIIX_DEVACTB, value | PIIX_DEVACTB_APMC_EN);
        }
        cfg.writeb(host, chipset.smram(), Smram.C_BASE_SEG | Smram.G_SMRAME);
    }
}
