package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import java.util.List;
import org.junit.jupiter.api.Test;

class MtreePrinterTest {
    private static final MemoryRegionOps OPS = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});

    private final MemorySystem sys = new MemorySystem();
    private final ContainerRegion system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);

    private String print(MtreeOptions options) {
        return MtreePrinter.print(sys, options);
    }

    @Test
    void addressSpacesSharingARootFormOneGroupWithNamesInByteOrder() {
        sys.initRam(null, "ram", 0x1000);
        sys.addressSpace(system, "memory");
        sys.addressSpace(system, "cpu-memory-0");
        sys.addressSpace(system, "Zed");

        assertThat(print(MtreeOptions.tree())).isEqualTo("""
                address-space: Zed
                address-space: cpu-memory-0
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system

                """);
    }

    @Test
    void childrenPrintByAddressThenPriorityDescendingAtAbsoluteAddresses() {
        var pci = sys.initContainer(null, "pci", MemoryRegion.SIZE_2_64);
        var low = sys.initRam(null, "low", 0x1000);
        var high = sys.initIo(null, OPS, "high", 0x10);
        var rom = sys.initRom(null, "rom", 0x100);
        system.addSubregionOverlap(0, pci, -1);
        system.addSubregion(0x2000, high);
        system.addSubregion(0, low);
        pci.addSubregionOverlap(0x800, rom, 1);
        sys.addressSpace(system, "memory");

        assertThat(print(MtreeOptions.tree())).isEqualTo("""
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system
                    0000000000000000-0000000000000fff (prio 0, ram): low
                    0000000000000000-ffffffffffffffff (prio -1, i/o): pci
                      0000000000000800-00000000000008ff (prio 1, rom): rom
                    0000000000002000-000000000000200f (prio 0, i/o): high

                """);
    }

    @Test
    void aliasTargetsGetBlocksInTheOrderFirstMetEvenThroughHiddenDisabledAliases() {
        var ram = sys.initRam(Owner.objectPath("/objects/pc.ram"), "pc.ram", 0x20000);
        var bios = sys.initRom(null, "pc.bios", 0x40000);
        var pci = sys.initContainer(null, "pci", MemoryRegion.SIZE_2_64);
        pci.addSubregion(0xfffc0000L, bios);
        var below = sys.initAlias(null, "ram-below-4g", ram, 0, 0x20000);
        var isaBios = sys.initAlias(null, "isa-bios", bios, 0x20000, 0x20000);
        var hidden = sys.initAlias(Owner.devicePath("/machine/i440fx"), "pam-pci", pci, 0xc0000, 0x4000);
        system.addSubregion(0, below);
        system.addSubregionOverlap(0, pci, -1);
        system.addSubregionOverlap(0xc0000, hidden, 1);
        pci.addSubregionOverlap(0xe0000, isaBios, 1);
        hidden.setEnabled(false);
        sys.addressSpace(system, "memory");

        assertThat(print(MtreeOptions.tree().withOwners())).isEqualTo("""
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-000000000001ffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-000000000001ffff parent:{obj path=/machine/unattached}
                    0000000000000000-ffffffffffffffff (prio -1, i/o): pci parent:{obj path=/machine/unattached}
                      00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios 0000000000020000-000000000003ffff parent:{obj path=/machine/unattached}
                      00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios parent:{obj path=/machine/unattached}

                memory-region: pc.ram
                  0000000000000000-000000000001ffff (prio 0, ram): pc.ram owner:{obj path=/objects/pc.ram}

                memory-region: pc.bios
                  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios parent:{obj path=/machine/unattached}

                memory-region: pci
                  0000000000000000-ffffffffffffffff (prio -1, i/o): pci parent:{obj path=/machine/unattached}
                    00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios 0000000000020000-000000000003ffff parent:{obj path=/machine/unattached}
                    00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios parent:{obj path=/machine/unattached}

                """);
    }

    @Test
    void hiddenDisabledRegionKeepsItsChildrenAtTheirTrueDepthAndDashCapitalDShowsIt() {
        var io = sys.initIo(null, OPS, "io", 0x10000);
        var pm = sys.initContainer(null, "piix4-pm", 0x40);
        var evt = sys.initIo(null, OPS, "acpi-evt", 4);
        io.addSubregion(0x600, pm);
        pm.addSubregion(0, evt);
        pm.setEnabled(false);
        sys.addressSpace(io, "I/O");

        assertThat(print(MtreeOptions.tree())).isEqualTo("""
                address-space: I/O
                  0000000000000000-000000000000ffff (prio 0, i/o): io
                      0000000000000600-0000000000000603 (prio 0, i/o): acpi-evt

                """);
        assertThat(print(MtreeOptions.tree().withDisabled())).isEqualTo("""
                address-space: I/O
                  0000000000000000-000000000000ffff (prio 0, i/o): io
                    0000000000000600-000000000000063f (prio 0, i/o): piix4-pm [disabled]
                      0000000000000600-0000000000000603 (prio 0, i/o): acpi-evt

                """);
    }

    @Test
    void aliasLinePrintsTheChainEndsTypeAndItsOwnNonvolatilePrefixAndEmptyRegionsEndAtTheirStart() {
        var nvmem = sys.initRam(null, "nvmem0", 0x8000);
        var window = sys.initAlias(null, "nvdimm-memory", nvmem, 0, 0x8000);
        var closed = sys.initAlias(null, "bridge-window", window, 0, 0);
        window.setNonvolatile(true);
        system.addSubregion(0x100000000L, window);
        system.addSubregionOverlap(0, closed, 1);
        sys.addressSpace(system, "memory");

        assertThat(print(MtreeOptions.tree())).isEqualTo("""
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system
                    0000000000000000-0000000000000000 (prio 1, ram): alias bridge-window @nvdimm-memory 0000000000000000-0000000000000000
                    0000000100000000-0000000100007fff (prio 0, nv-ram): alias nvdimm-memory @nvmem0 0000000000000000-0000000000007fff

                memory-region: nvdimm-memory
                  0000000100000000-0000000100007fff (prio 0, nv-ram): alias nvdimm-memory @nvmem0 0000000000000000-0000000000007fff

                memory-region: nvmem0
                  0000000000000000-0000000000007fff (prio 0, ram): nvmem0

                """);
    }

    @Test
    void regionPastTheEndOfTheSpaceGetsQemusOverflowWarningBeforeItsIndentation() {
        var window = sys.initContainer(null, "mmio_window", MemoryRegion.SIZE_2_64);
        system.addSubregion(0x600000000L, window);
        sys.addressSpace(system, "memory");

        assertThat(print(MtreeOptions.tree())).isEqualTo("""
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system
                [DETECTED OVERFLOW!]     0000000600000000-00000005ffffffff (prio 0, i/o): mmio_window

                """);
    }

    @Test
    void flatViewBlocksListTheirAddressSpacesInCreationOrderAndEmptyViewsSayNoRenderedFlatView() {
        system.addSubregion(0, sys.initRam(null, "ram", 0x1000));
        system.addSubregion(0x1000, sys.initIo(null, OPS, "mmio", 0x1000));
        var busMaster = sys.initContainer(null, "bus master container", MemoryRegion.SIZE_2_64);
        var busAlias = sys.initAlias(null, "bus master", system, 0, MemoryRegion.SIZE_2_64);
        busMaster.addSubregion(0, busAlias);
        busAlias.setEnabled(false);
        var smm = sys.initAlias(null, "smm-alias", system, 0, MemoryRegion.SIZE_2_64);
        sys.addressSpace(system, "memory");
        sys.addressSpace(busMaster, "e1000");
        sys.addressSpace(smm, "cpu-smm-0");

        assertThat(print(MtreeOptions.flatView())).isEqualTo("""
                FlatView #0
                 AS "memory", root: system
                 AS "cpu-smm-0", root: smm-alias, alias system
                 Root memory region: system
                  0000000000000000-0000000000000fff (prio 0, ram): ram
                  0000000000001000-0000000000001fff (prio 0, i/o): mmio

                FlatView #1
                 AS "e1000", root: bus master container
                 Root memory region: (none)
                  No rendered FlatView

                """);
    }

    @Test
    void rangeLinesShowTheTerminalsOwnPriorityReadOnlyThroughAnAliasAndNonZeroOffsets() {
        var ram = sys.initRam(Owner.objectPath("/objects/pc.ram"), "pc.ram", 0x100000);
        var below = sys.initAlias(null, "ram-below-4g", ram, 0, 0x100000);
        var pamRom = sys.initAlias(null, "pam-rom", ram, 0xc0000, 0x4000);
        pamRom.setReadonly(true);
        system.addSubregion(0, below);
        system.addSubregionOverlap(0xc0000, pamRom, 1);
        sys.addressSpace(system, "memory");

        assertThat(print(MtreeOptions.flatView().withOwners())).isEqualTo("""
                FlatView #0
                 AS "memory", root: system
                 Root memory region: system
                  0000000000000000-00000000000bffff (prio 0, ram): pc.ram owner:{obj path=/objects/pc.ram}
                  00000000000c0000-00000000000c3fff (prio 0, rom): pc.ram @00000000000c0000 owner:{obj path=/objects/pc.ram}
                  00000000000c4000-00000000000fffff (prio 0, ram): pc.ram @00000000000c4000 owner:{obj path=/objects/pc.ram}

                """);
    }

    @Test
    void acceleratorSuffixMarksPageAlignedRamRangesOncePerListedAddressSpace() {
        var ram = sys.initRam(null, "ram", 0x2000);
        var small = sys.initRam(null, "small", 0x800);
        var io = sys.initIo(null, OPS, "mmio", 0x1000);
        system.addSubregion(0, ram);
        system.addSubregion(0x2000, small);
        system.addSubregion(0x3000, io);
        sys.addressSpace(system, "memory");
        sys.addressSpace(system, "cpu-memory-0");

        String flat = print(MtreeOptions.flatView().withAccel(MtreeOptions.Accel.kvm()));

        assertThat(flat).contains(
                "  0000000000000000-0000000000001fff (prio 0, ram): ram KVM\n",
                "  0000000000002000-00000000000027ff (prio 0, ram): small\n",
                "  0000000000003000-0000000000003fff (prio 0, i/o): mmio\n");
        String twice = print(MtreeOptions.flatView()
                .withAccel(new MtreeOptions.Accel("KVM", 4096, List.of("memory", "cpu-memory-0"))));
        assertThat(twice).contains("(prio 0, ram): ram KVM KVM\n");
    }
}
