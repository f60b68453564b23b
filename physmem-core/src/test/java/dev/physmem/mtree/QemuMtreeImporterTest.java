package dev.physmem.mtree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.Owner;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class QemuMtreeImporterTest {

    private static final String PC = """
            address-space: cpu-memory-0
            address-space: memory
              0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                0000000000000000-000000000009ffff (prio 0, ram): alias ram-below-4g @pc.ram 0000000000000000-000000000009ffff parent:{obj path=/machine/unattached}
                0000000000000000-ffffffffffffffff (prio -1, i/o): pci parent:{obj path=/machine/unattached}
                  00000000000e0000-00000000000fffff (prio 1, rom): alias isa-bios @pc.bios 0000000000020000-000000000003ffff parent:{obj path=/machine/unattached}
                  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios parent:{obj path=/machine/unattached}
                00000000000c0000-00000000000c3fff (prio 1, ram): alias pam-rom @pc.ram 00000000000c0000-00000000000c3fff owner:{dev path=/machine/i440fx}
                0000000004000000-0000000007ffffff (prio 0, romd): virt.flash1 owner:{dev path=/machine/virt.flash1}
                00000000fec00000-00000000fec00fff (prio 0, i/o): ioapic owner:{dev path=/machine/i440fx/ioapic}
                00000000fed00000-00000000fed00fff (prio 0, ramd): vfio-bar owner:{dev id=vfio0}

            address-space: I/O
              0000000000000000-000000000000ffff (prio 0, i/o): io parent:{obj path=/machine/unattached}
                0000000000000070-0000000000000071 (prio 0, i/o): rtc owner:{dev path=/machine/unattached/device[9]}
                  0000000000000070-0000000000000070 (prio 0, i/o): rtc-index owner:{dev path=/machine/unattached/device[9]}
                0000000000000600-000000000000063f (prio 0, i/o): piix4-pm [disabled] owner:{dev path=/machine/unattached/device[18]}
                  0000000000000600-0000000000000603 (prio 0, i/o): acpi-evt owner:{dev path=/machine/unattached/device[18]}

            memory-region: pc.ram
              0000000000000000-00000000000fffff (prio 0, ram): pc.ram owner:{obj path=/objects/pc.ram}

            memory-region: pc.bios
              00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios parent:{obj path=/machine/unattached}

            """;

    private static final String PC_HINTS = """
            # comments and blank lines are ignored

            as "memory", root: system
            as "I/O", root: io
            as "cpu-memory-0", root: system
            handlers 0000000000000000-000000000000ffff (prio 0, i/o): io parent:{obj path=/machine/unattached}
            handlers 0000000000000070-0000000000000071 (prio 0, i/o): rtc owner:{dev path=/machine/unattached/device[9]}
            readonly 00000000000c0000-00000000000c3fff (prio 1, ram): alias pam-rom @pc.ram 00000000000c0000-00000000000c3fff owner:{dev path=/machine/i440fx}
            """;

    /** The first region called {@code name} below any address space, through subregions and alias targets. */
    private static MemoryRegion region(ImportedMachine machine, String name) {
        for (AddressSpace as : machine.addressSpaces()) {
            MemoryRegion found = search(as.root(), name);
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no region named " + name);
    }

    private static MemoryRegion search(MemoryRegion r, String name) {
        if (r.name().equals(name)) {
            return r;
        }
        if (r instanceof AliasRegion a) {
            MemoryRegion found = search(a.target(), name);
            if (found != null) {
                return found;
            }
        }
        for (MemoryRegion s : r.subregions()) {
            MemoryRegion found = search(s, name);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Test
    void regionKindsFollowTypeSubregionsAndHints() {
        ImportedMachine pc = QemuMtreeImporter.importDump(PC, PC_HINTS);

        assertThat(region(pc, "system")).isInstanceOf(ContainerRegion.class);
        assertThat(region(pc, "pc.ram")).isInstanceOf(RamRegion.class).matches(r -> !r.isReadonly());
        assertThat(region(pc, "pc.bios")).isInstanceOf(RamRegion.class).matches(MemoryRegion::isReadonly);
        assertThat(region(pc, "virt.flash1")).isInstanceOfSatisfying(RomDeviceRegion.class,
                r -> assertThat(r.isRomd()).isTrue());
        assertThat(region(pc, "vfio-bar")).isInstanceOf(RamDeviceRegion.class);
        assertThat(region(pc, "ioapic")).isInstanceOf(IoRegion.class);
        assertThat(region(pc, "io")).isInstanceOf(IoRegion.class);
        assertThat(region(pc, "rtc")).isInstanceOf(IoRegion.class);
        assertThat(region(pc, "piix4-pm")).isInstanceOf(ContainerRegion.class).matches(r -> !r.isEnabled());
        assertThat(region(pc, "pam-rom")).isInstanceOf(AliasRegion.class).matches(MemoryRegion::isReadonly);
    }

    @Test
    void withoutHandlersHintsAnIoRegionWithSubregionsIsAPureContainer() {
        ImportedMachine pc = QemuMtreeImporter.importDump(PC, "");

        assertThat(region(pc, "io")).isInstanceOf(ContainerRegion.class);
        assertThat(pc.addressSpace("I/O").view().ranges()).extracting(r -> r.region().name())
                .containsExactly("rtc-index");
    }

    @Test
    void importedIoRegionsReadZeroAndIgnoreWrites() {
        ImportedMachine pc = QemuMtreeImporter.importDump(PC, PC_HINTS);
        MemoryRegionOps ops = ((IoRegion) region(pc, "ioapic")).ops();

        ops.write(0, 0xdead, 4);

        assertThat(ops.read(0, 4)).isZero();
    }

    @Test
    void aliasShowsTheRegionOfItsTargetsMemoryRegionBlockWhichKeepsNoContainer() {
        ImportedMachine pc = QemuMtreeImporter.importDump(PC, PC_HINTS);
        var below = (AliasRegion) region(pc, "ram-below-4g");
        var isaBios = (AliasRegion) region(pc, "isa-bios");

        assertThat(below.target()).isSameAs(region(pc, "pc.ram"));
        assertThat(below.target().container()).isNull();
        assertThat(isaBios.target()).isSameAs(region(pc, "pc.bios"));
        assertThat(isaBios.target().container()).isSameAs(region(pc, "pci"));
        assertThat(isaBios.aliasOffset()).isEqualTo(0x20000);
    }

    @Test
    void asHintsGiveCreationOrderAndWithoutThemTheDumpOrderIsKept() {
        assertThat(QemuMtreeImporter.importDump(PC, PC_HINTS).addressSpaces()).extracting(AddressSpace::name)
                .containsExactly("memory", "I/O", "cpu-memory-0");
        assertThat(QemuMtreeImporter.importDump(PC, null).addressSpaces()).extracting(AddressSpace::name)
                .containsExactly("cpu-memory-0", "memory", "I/O");
    }

    @Test
    void importedMachineRendersTheFlatViewsQemuWould() {
        ImportedMachine pc = QemuMtreeImporter.importDump(PC, PC_HINTS);

        assertThat(MtreePrinter.print(pc.system(), MtreeOptions.flatView())).isEqualTo("""
                FlatView #0
                 AS "memory", root: system
                 AS "cpu-memory-0", root: system
                 Root memory region: system
                  0000000000000000-000000000009ffff (prio 0, ram): pc.ram
                  00000000000c0000-00000000000c3fff (prio 0, rom): pc.ram @00000000000c0000
                  00000000000e0000-00000000000fffff (prio 0, rom): pc.bios @0000000000020000
                  0000000004000000-0000000007ffffff (prio 0, romd): virt.flash1
                  00000000fec00000-00000000fec00fff (prio 0, i/o): ioapic
                  00000000fed00000-00000000fed00fff (prio 0, ramd): vfio-bar
                  00000000fffc0000-00000000ffffffff (prio 0, rom): pc.bios

                FlatView #1
                 AS "I/O", root: io
                 Root memory region: io
                  0000000000000000-000000000000006f (prio 0, i/o): io
                  0000000000000070-0000000000000070 (prio 0, i/o): rtc-index
                  0000000000000071-0000000000000071 (prio 0, i/o): rtc @0000000000000001
                  0000000000000072-000000000000ffff (prio 0, i/o): io @0000000000000072

                """);
    }

    @Test
    void dumpWithCrLfLineEndsImportsLikeOneWithLf() {
        ImportedMachine crlf = QemuMtreeImporter.importDump(PC.replace("\n", "\r\n"), PC_HINTS.replace("\n", "\r\n"));

        assertThat(MtreePrinter.print(crlf.system(), MtreeOptions.tree().withOwners().withDisabled()))
                .isEqualTo(MtreePrinter.print(QemuMtreeImporter.importDump(PC, PC_HINTS).system(),
                        MtreeOptions.tree().withOwners().withDisabled()));
    }

    @Test
    void memoryRegionBlockOfAnAddressSpaceRootIsThatRootAndItsSubtree() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-0000000000000fff (prio 0, i/o): dev parent:{obj path=/machine/unattached}

                address-space: cpu-smm-0
                  0000000000000000-ffffffffffffffff (prio 0, i/o): memory parent:{obj path=/machine/unattached}
                    0000000000000000-ffffffffffffffff (prio 0, i/o): alias memory @system 0000000000000000-ffffffffffffffff parent:{obj path=/machine/unattached}

                memory-region: system
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-0000000000000fff (prio 0, i/o): dev parent:{obj path=/machine/unattached}

                """;
        ImportedMachine machine = QemuMtreeImporter.importDump(dump, null);
        AddressSpace memory = machine.addressSpace("memory");
        var alias = (AliasRegion) machine.addressSpace("cpu-smm-0").root().subregions().getFirst();

        assertThat(alias.target()).isSameAs(memory.root());
        assertThat(memory.root().subregions()).hasSize(1);
        assertThat(machine.addressSpace("cpu-smm-0").view()).isSameAs(memory.view());
    }

    @Test
    void addressSpaceRootPrintedAsASubregionOfAnotherTreeIsThatSubregion() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000100000-00000000001fffff (prio 0, i/o): dma-window parent:{obj path=/machine/unattached}
                      0000000000100000-0000000000100fff (prio 0, ram): buf parent:{obj path=/machine/unattached}

                address-space: dma
                  0000000000100000-00000000001fffff (prio 0, i/o): dma-window parent:{obj path=/machine/unattached}
                    0000000000100000-0000000000100fff (prio 0, ram): buf parent:{obj path=/machine/unattached}

                """;
        ImportedMachine machine = QemuMtreeImporter.importDump(dump, null);
        MemoryRegion window = machine.addressSpace("memory").root().subregions().getFirst();

        assertThat(machine.addressSpace("dma").root()).isSameAs(window);
        assertThat(MtreePrinter.print(machine.system(), MtreeOptions.tree().withOwners().withDisabled()))
                .isEqualTo(dump);
    }

    @Test
    void unmappedBlockRootKeepsTheOffsetItPrints() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000001000-0000000000001fff (prio 0, i/o): alias win @dev 0000000000000000-0000000000000fff parent:{obj path=/machine/unattached}

                memory-region: dev
                  0000000000005000-0000000000005fff (prio 0, i/o): dev parent:{obj path=/machine/unattached}

                """;
        ImportedMachine machine = QemuMtreeImporter.importDump(dump, null);

        assertThat(MtreePrinter.print(machine.system(), MtreeOptions.tree().withOwners().withDisabled()))
                .isEqualTo(dump);
    }

    @Test
    void size0HintMakesAnEmptyRegionThatRendersNothing() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-0000000000000fff (prio 0, ram): ram parent:{obj path=/machine/unattached}
                    0000000000000800-0000000000000800 (prio 1, i/o): window parent:{obj path=/machine/unattached}

                """;
        String hint = "size0 0000000000000800-0000000000000800 (prio 1, i/o): window parent:{obj path=/machine/unattached}";

        assertThat(QemuMtreeImporter.importDump(dump, "").addressSpaces().getFirst().view().size()).isEqualTo(3);
        ImportedMachine machine = QemuMtreeImporter.importDump(dump, hint);
        assertThat(region(machine, "window").size()).isZero();
        assertThat(machine.addressSpaces().getFirst().view().ranges()).extracting(r -> r.region().name())
                .containsExactly("ram");
    }

    @Test
    void laterHintPutsTheLaterAddedSiblingFirstSoItWinsTheOverlap() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-0000000000001fff (prio 0, i/o): a parent:{obj path=/machine/unattached}
                    0000000000001000-0000000000002fff (prio 0, i/o): b parent:{obj path=/machine/unattached}

                """;
        String later = "later 0000000000001000-0000000000002fff (prio 0, i/o): b parent:{obj path=/machine/unattached}"
                + " ; 0000000000000000-0000000000001fff (prio 0, i/o): a parent:{obj path=/machine/unattached}";

        List<FlatRange> byPrintOrder = QemuMtreeImporter.importDump(dump, "").addressSpaces().getFirst().view().ranges();
        List<FlatRange> byHint = QemuMtreeImporter.importDump(dump, later).addressSpaces().getFirst().view().ranges();

        assertThat(byPrintOrder).extracting(r -> r.region().name(), FlatRange::last)
                .containsExactly(tuple("a", 0x1fffL), tuple("b", 0x2fffL));
        assertThat(byHint).extracting(r -> r.region().name(), FlatRange::last)
                .containsExactly(tuple("a", 0xfffL), tuple("b", 0x2fffL));
    }

    /** Two blocks share the name x: QEMU printed the k-th block for the k-th distinct target met. */
    private static final String TWO_TARGETS_NAMED_X = """
            address-space: memory
              0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                0000000000000000-0000000000000fff (prio 0, ram): alias first @x 0000000000000000-0000000000000fff owner:{dev id=one}
                0000000000010000-0000000000010fff (prio 0, ram): alias second @x 0000000000000000-0000000000000fff owner:{dev id=one}
                0000000000020000-0000000000020fff (prio 0, ram): alias third @x 0000000000000000-0000000000000fff owner:{dev id=one}

            memory-region: x
              0000000000000000-0000000000000fff (prio 0, ram): x owner:{dev id=two}

            memory-region: x
              0000000000000000-0000000000001fff (prio 0, ram): x owner:{dev id=one}

            """;

    private static String targetOwner(ImportedMachine machine, String alias) {
        return ((AliasRegion) region(machine, alias)).target().owner().value();
    }

    @Test
    void aliasesWithTheSameTargetNameFollowQemusBlockOrderThenPreferTheSameOwner() {
        ImportedMachine machine = QemuMtreeImporter.importDump(TWO_TARGETS_NAMED_X, null);

        assertThat(targetOwner(machine, "first")).isEqualTo("two");
        assertThat(targetOwner(machine, "second")).isEqualTo("one");
        assertThat(targetOwner(machine, "third")).isEqualTo("one");
    }

    @Test
    void targetHintChoosesAmongBlocksOfTheSameNameAndBlockOrderPlacesTheRest() {
        String hint = "target 0000000000010000-0000000000010fff (prio 0, ram): alias second @x 0000000000000000-0000000000000fff"
                + " owner:{dev id=one} ; 0000000000000000-0000000000000fff (prio 0, ram): x owner:{dev id=two}";

        ImportedMachine machine = QemuMtreeImporter.importDump(TWO_TARGETS_NAMED_X, hint);

        assertThat(targetOwner(machine, "first")).isEqualTo("two");
        assertThat(targetOwner(machine, "second")).isEqualTo("two");
        assertThat(targetOwner(machine, "third")).isEqualTo("one");
    }

    @Test
    void accelHintIsReturnedAndMarksRamRangesOfItsAddressSpaces() {
        ImportedMachine pc = QemuMtreeImporter.importDump(PC, PC_HINTS + "accel KVM 0x1000 memory\n");

        assertThat(pc.accel()).isEqualTo(MtreeOptions.Accel.kvm());
        assertThat(MtreePrinter.print(pc.system(), MtreeOptions.flatView().withAccel(pc.accel())))
                .contains("(prio 0, ram): pc.ram KVM\n", "(prio 0, rom): pc.bios KVM\n", "(prio 0, i/o): ioapic\n");
    }

    @Test
    void multiGibibyteRamImportsWithoutCommittingHostMemory() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000100000000-000000107fffffff (prio 0, ram): ram-above-4g owner:{obj path=/objects/ram}

                """;
        var ram = (RamRegion) region(QemuMtreeImporter.importDump(dump, null), "ram-above-4g");

        assertThat(ram.size()).isEqualTo(62L << 30);
        assertThat(ram.backing().get(java.lang.foreign.ValueLayout.JAVA_LONG, (61L << 30) + 8)).isZero();
    }

    @Test
    void printedTreeOfAHandBuiltSystemImportsBackToTheSameViews() {
        MemorySystem sys = new MemorySystem();
        MemoryRegionOps ops = MemoryRegionOps.of((o, s) -> 0, (o, v, s) -> {});
        var system = sys.initContainer(null, "system", MemoryRegion.SIZE_2_64);
        var ram = sys.initRam(Owner.objectPath("/objects/ram"), "ram", 0x100000);
        var window = sys.initContainer(null, "mmio_window", MemoryRegion.SIZE_2_64);
        system.addSubregion(0, sys.initAlias(null, "low", ram, 0, 0xa0000));
        system.addSubregionOverlap(0x600000000L, window, -1);
        window.addSubregion(0x1000, sys.initIo(Owner.devicePath("/machine/dev"), ops, "regs", 0x100));
        system.addSubregion(0xfee00000L, sys.initRamDevicePtr(null, "bar", 0x1000, MemorySegment.ofArray(new byte[0x1000])));
        sys.addressSpace(system, "memory");
        String dump = MtreePrinter.print(sys, MtreeOptions.tree().withOwners().withDisabled());

        ImportedMachine copy = QemuMtreeImporter.importDump(dump, null);

        assertThat(dump).contains("[DETECTED OVERFLOW!]");
        assertThat(MtreePrinter.print(copy.system(), MtreeOptions.tree().withOwners().withDisabled())).isEqualTo(dump);
        assertThat(MtreePrinter.print(copy.system(), MtreeOptions.flatView().withOwners()))
                .isEqualTo(MtreePrinter.print(sys, MtreeOptions.flatView().withOwners()));
    }

    // ------------------------------------------------------------------ malformed input

    private static final String BASE = """
            address-space: memory
              0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                0000000000000000-0000000000000fff (prio 0, ram): alias lowmem @ram 0000000000000000-0000000000000fff parent:{obj path=/machine/unattached}
                0000000000001000-0000000000001fff (prio 0, i/o): mmio owner:{dev id=dev0}
                0000000000002000-0000000000002fff (prio 1, i/o): other owner:{dev id=dev1}

            address-space: I/O
              0000000000000000-000000000000ffff (prio 0, i/o): io parent:{obj path=/machine/unattached}

            memory-region: ram
              0000000000000000-0000000000001fff (prio 0, ram): ram owner:{obj path=/objects/ram}

            """;
    private static final String MMIO = "0000000000001000-0000000000001fff (prio 0, i/o): mmio owner:{dev id=dev0}";
    private static final String OTHER = "0000000000002000-0000000000002fff (prio 1, i/o): other owner:{dev id=dev1}";
    private static final String LOWMEM = "0000000000000000-0000000000000fff (prio 0, ram): alias lowmem @ram "
            + "0000000000000000-0000000000000fff parent:{obj path=/machine/unattached}";
    private static final String RAM = "0000000000000000-0000000000001fff (prio 0, ram): ram owner:{obj path=/objects/ram}";

    /**
     * A malformed input.
     *
     * @param line the line the exception must name
     * @param expected a part of the message
     */
    record Malformed(String name, String dump, String hints, MtreeFormatException.Source source, int line,
            String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code BASE} with {@code from} replaced by {@code to}, and no hints. */
    private static Malformed dump(String name, String from, String to, int line, String expected) {
        String dump = BASE.replace(from, to);
        if (dump.equals(BASE)) {
            throw new IllegalStateException("edit does not apply: " + name);
        }
        return new Malformed(name, dump, "", MtreeFormatException.Source.DUMP, line, expected);
    }

    /** {@code BASE} with {@code hints}. */
    private static Malformed hints(String name, String hints, MtreeFormatException.Source source, int line,
            String expected) {
        return new Malformed(name, BASE, hints, source, line, expected);
    }

    static Stream<Malformed> malformed() {
        var dump = MtreeFormatException.Source.DUMP;
        var hints = MtreeFormatException.Source.HINTS;
        return Stream.of(
                dump("bad hex digit", "0000000000001fff (prio 0", "000000000000zfff (prio 0", 4,
                        "expected 16 lowercase hex digits (END) but found \"000000000000zfff\""),
                dump("uppercase hex", "0000000000001fff (prio 0", "0000000000001FFF (prio 0", 4,
                        "16 lowercase hex digits (END)"),
                dump("short START", "    0000000000001000-", "    00001000-", 4,
                        "expected 16 lowercase hex digits (START) but found \"00001000-0000000\""),
                dump("no dash after START", "    0000000000001000-", "    0000000000001000+", 4,
                        "expected '-' between START and END but found \"+\""),
                dump("missing prio", "(prio 0, i/o): mmio", "(0, i/o): mmio", 4, "expected \" (prio \" after END"),
                dump("non-numeric prio", "(prio 0, i/o): mmio", "(prio high, i/o): mmio", 4,
                        "expected a signed decimal priority but found \"high\""),
                dump("unknown type", "(prio 0, i/o): mmio", "(prio 0, mmio): mmio", 4,
                        "expected TYPE ram, rom, romd, ramd or i/o"),
                dump("odd indentation", "    " + MMIO, "     " + MMIO, 4, "an indentation of 2, 4, 6, ... spaces"),
                dump("indentation jumps two levels", "    " + MMIO, "        " + MMIO, 4,
                        "expected at most 6 spaces of indentation (one level below line 3)"),
                dump("second root in a block", "    " + MMIO, "  " + MMIO, 4, "expected one depth-0 region per block"),
                dump("missing owner", MMIO, MMIO.replace(" owner:{dev id=dev0}", ""), 4, "expected an owner suffix"),
                dump("unknown owner form", "owner:{dev id=dev0}", "owner:{dev name=dev0}", 4,
                        "expected owner:{dev id=ID}, owner:{dev path=PATH}, owner:{obj path=PATH} or parent:{obj path=PATH}"),
                dump("alias to unknown target", "@ram ", "@rom ", 3,
                        "expected a memory-region: block for the alias target \"rom\""),
                dump("alias window longer than the alias", "@ram 0000000000000000-0000000000000fff",
                        "@ram 0000000000000000-0000000000001fff", 3, "an alias window ASTART-AEND as long as START-END"),
                dump("alias window with bad hex", "@ram 0000000000000000-0000000000000fff",
                        "@ram 0000000000000000-00000000000g0fff", 3, "16 lowercase hex digits (AEND)"),
                dump("region line before any header", "address-space: memory\n", "", 1,
                        "expected an address-space: or memory-region: header before the first region line"),
                dump("block header does not name its region", "memory-region: ram", "memory-region: rom", 11,
                        "expected the region named by its header, \"rom\""),
                dump("header inside a block", "\naddress-space: I/O", "address-space: I/O", 6,
                        "expected an empty line before the next block's header"),
                dump("header without regions", "memory-region: ram\n  " + RAM, "memory-region: ram\n", 10,
                        "expected region lines after the block's header"),
                dump("stray text", "\naddress-space: I/O", "\nhello\naddress-space: I/O", 7,
                        "expected a region line, an address-space: or memory-region: header"),
                dump("no address space", BASE, "memory-region: ram\n  " + RAM + "\n", 1,
                        "expected at least one address-space: block"),
                dump("region of 2^64-1 bytes", "  0000000000000000-000000000000ffff (prio 0, i/o): io",
                        "  0000000000000000-fffffffffffffffe (prio 0, i/o): io", 8,
                        "expected a size physmem can represent, but 2^64-1 bytes is not one"),
                dump("unmapped region with a priority", "(prio 0, i/o): io", "(prio 1, i/o): io", 8,
                        "expected priority 0 for a region without a container"),
                dump("RAM of 2^64 bytes", RAM, RAM.replace("0000000000001fff", "ffffffffffffffff"), 11,
                        "expected a region physmem can build, but RAM larger than 2^63 bytes"),
                hints("REF that matches no line", "handlers " + MMIO.replace("mmio", "nope"), hints, 1,
                        "no line prints \"0000000000001000-0000000000001fff (prio 0, i/o): nope owner:{dev id=dev0}\""),
                hints("unknown keyword", "frobnicate " + MMIO, hints, 1,
                        "expected a keyword as, accel, handlers, container, readonly, size0, later or target, but found \"frobnicate\""),
                hints("keyword without argument", "# header\nhandlers", hints, 2, "expected KEYWORD ARGUMENT"),
                hints("container hint on an alias", "container " + LOWMEM, hints, 1,
                        "expected an i/o region that is not an alias for container"),
                hints("handlers and container on one region", "handlers " + MMIO + "\ncontainer " + MMIO, hints, 2,
                        "expected handlers or container for a region, not both"),
                hints("size0 on a line with END != START", "size0 " + MMIO, hints, 1,
                        "expected a line with END == START for size0"),
                hints("readonly on RAM", "readonly " + RAM, hints, 1, "read-only RAM prints as rom"),
                hints("#K past the regions that print the line", "handlers " + MMIO + " #1", hints, 1,
                        "expected #K below 1"),
                hints("later without separator", "later " + MMIO + " " + OTHER, hints, 1, "expected later REF ; REF"),
                hints("later between different priorities", "later " + MMIO + " ; " + OTHER, hints, 1,
                        "expected two siblings of equal priority for later, but they have 0 and 1"),
                hints("target naming a region of another name", "target " + LOWMEM + " ; " + MMIO, hints, 1,
                        "expected a target region named \"ram\""),
                hints("as naming no address space", "as \"memory\", root: io", hints, 1,
                        "none is named \"memory\" with root io"),
                hints("as without quotes", "as memory, root: system", hints, 1, "expected as \"NAME\", root: ROOT"),
                hints("address space missing from as hints", "as \"memory\", root: system", dump, 7,
                        "expected an as hint for every address space"),
                hints("accel page size not a power of two", "accel KVM 0x1001 memory", hints, 1,
                        "pageSize must be a power of two"),
                hints("accel page size not a number", "accel KVM 4k memory", hints, 1,
                        "expected PAGESIZE as 0x-prefixed hex or decimal, but found \"4k\""),
                hints("accel on an unknown address space", "accel KVM 4096 nope", hints, 1,
                        "there is no address-space: nope"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputIsRejectedWithItsLineAndWhatWasExpected(Malformed m) {
        assertThatThrownBy(() -> QemuMtreeImporter.importDump(m.dump(), m.hints()))
                .isInstanceOfSatisfying(MtreeFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo(m.source());
                    assertThat(e.lineNumber()).isEqualTo(m.line());
                    assertThat(e.getMessage()).contains(m.expected()).contains("line " + m.line() + ": ")
                            .contains("text=\"" + e.lineText() + "\"");
                    List<String> lines = (m.source() == MtreeFormatException.Source.DUMP ? m.dump() : m.hints()).lines()
                            .toList();
                    assertThat(e.lineText()).isEqualTo(lines.isEmpty() ? "" : lines.get(m.line() - 1));
                });
    }

    @Test
    void refPrintedByTwoDistinctRegionsNeedsAnIndex() {
        String dump = """
                address-space: e1000
                  0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container owner:{dev id=nic}

                address-space: e1000
                  0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container owner:{dev id=nic}

                """;
        String ref = "0000000000000000-ffffffffffffffff (prio 0, i/o): bus master container owner:{dev id=nic}";

        assertThatThrownBy(() -> QemuMtreeImporter.importDump(dump, "container " + ref))
                .isInstanceOf(MtreeFormatException.class)
                .hasMessageContaining("2 distinct regions print it: add #K (0-based) to pick one");
        ImportedMachine machine = QemuMtreeImporter.importDump(dump, "container " + ref + " #1");
        assertThat(machine.addressSpaces()).extracting(as -> as.root().getClass().getSimpleName())
                .containsExactly("IoRegion", "ContainerRegion");
    }

    @Test
    void laterHintsThatFormACycleAreRejected() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-0000000000001fff (prio 0, i/o): a parent:{obj path=/machine/unattached}
                    0000000000001000-0000000000002fff (prio 0, i/o): b parent:{obj path=/machine/unattached}

                """;
        String a = "0000000000000000-0000000000001fff (prio 0, i/o): a parent:{obj path=/machine/unattached}";
        String b = "0000000000001000-0000000000002fff (prio 0, i/o): b parent:{obj path=/machine/unattached}";

        assertThatThrownBy(() -> QemuMtreeImporter.importDump(dump, "later " + a + " ; " + b + "\nlater " + b + " ; " + a))
                .isInstanceOf(MtreeFormatException.class)
                .hasMessageContaining("expected later hints without a cycle among siblings");
    }

    @Test
    void aliasThatShowsItsOwnContainerIsRejected() {
        String dump = """
                address-space: memory
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-ffffffffffffffff (prio 0, i/o): alias loop @system 0000000000000000-ffffffffffffffff parent:{obj path=/machine/unattached}

                memory-region: system
                  0000000000000000-ffffffffffffffff (prio 0, i/o): system parent:{obj path=/machine/unattached}
                    0000000000000000-ffffffffffffffff (prio 0, i/o): alias loop @system 0000000000000000-ffffffffffffffff parent:{obj path=/machine/unattached}

                """;

        assertThatThrownBy(() -> QemuMtreeImporter.importDump(dump, null))
                .isInstanceOfSatisfying(MtreeFormatException.class, e -> assertThat(e.lineNumber()).isEqualTo(3))
                .hasMessageContaining("can be this alias's target");
    }
}
