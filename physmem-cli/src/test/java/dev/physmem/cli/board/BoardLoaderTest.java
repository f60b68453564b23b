package dev.physmem.cli.board;

import static org.assertj.core.api.Assertions.assertThat;

import dev.physmem.MemorySystem;
import dev.physmem.flat.FlatRange;
import dev.physmem.models.RegisterFile;
import dev.physmem.models.UnassignedIo;
import dev.physmem.region.AccessConstraints;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.ContainerRegion;
import dev.physmem.region.Endianness;
import dev.physmem.region.IoRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import dev.physmem.space.AddressSpace;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoardLoaderTest {

    private static MemorySystem load(String yaml) throws BoardFormatException {
        return BoardLoader.load(yaml, "board.yaml");
    }

    /** A board with one address space {@code memory} over a 2^64 container {@code system} holding {@code entries}. */
    private static MemorySystem loadSystem(String entries, String... extraTopLevel) throws BoardFormatException {
        String indented = entries.stripIndent().lines().map(l -> "      " + l).reduce("", (a, b) -> a + b + "\n");
        return load("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                %s%s
                address-spaces:
                  - {name: memory, root: system}
                """.formatted(indented, String.join("\n", extraTopLevel)));
    }

    private static MemoryRegion region(MemorySystem system, String name) {
        List<MemoryRegion> found = system.regions().stream().filter(r -> r.name().equals(name)).toList();
        assertThat(found).as("regions named %s", name).hasSize(1);
        return found.getFirst();
    }

    private static AddressSpace space(MemorySystem system, String name) {
        return system.addressSpaces().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    private static FlatRange at(MemorySystem system, long addr) {
        return space(system, "memory").view().lookup(addr);
    }

    // ---------------------------------------------------------------- kinds

    @Test
    void everyKindBuildsTheMatchingRegionClass() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0000, name: c, kind: container, size: 4K}
                - {at: 0x1000, name: r, kind: ram, size: 4K}
                - {at: 0x2000, name: o, kind: rom, size: 4K}
                - {at: 0x3000, name: f, kind: rom-device, size: 4K}
                - {at: 0x4000, name: i, kind: io, size: 4K}
                - {at: 0x5000, name: a, kind: alias, target: r, size: 4K}
                - {at: 0x6000, name: d, kind: ram-device, size: 4K}
                """);
        assertThat(region(system, "c")).isInstanceOf(ContainerRegion.class);
        assertThat(region(system, "r")).isInstanceOf(RamRegion.class).extracting(MemoryRegion::typeName)
                .isEqualTo("ram");
        assertThat(region(system, "o")).isInstanceOf(RamRegion.class).extracting(MemoryRegion::typeName)
                .isEqualTo("rom");
        assertThat(region(system, "f")).isInstanceOf(RomDeviceRegion.class).extracting(MemoryRegion::typeName)
                .isEqualTo("romd");
        assertThat(region(system, "i")).isInstanceOf(IoRegion.class);
        assertThat(region(system, "a")).isInstanceOf(AliasRegion.class);
        assertThat(region(system, "d")).isInstanceOf(RamDeviceRegion.class).extracting(MemoryRegion::typeName)
                .isEqualTo("ramd");
        assertThat(region(system, "system").subregions()).allSatisfy(r -> assertThat(r.size()).isEqualTo(0x1000));
    }

    @Test
    void romDeviceCanStartOutOfRomdMode() throws Exception {
        MemorySystem system = loadSystem("- {at: 0, name: flash, kind: rom-device, size: 64K, romd: false}");
        assertThat(((RomDeviceRegion) region(system, "flash")).isRomd()).isFalse();
        assertThat(at(system, 0).typeName()).isEqualTo("i/o");
    }

    @Test
    void ioRegionIsARegisterFileThatReadsBackWhatWasWritten() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x100, name: uart, kind: io, size: 0x20}");
        IoRegion uart = (IoRegion) region(system, "uart");
        assertThat(uart.ops()).isInstanceOf(RegisterFile.class);
        uart.ops().write(0x4, 0xcafe, 2);
        assertThat(uart.ops().read(0x4, 2)).isEqualTo(0xcafe);
        assertThat(uart.ops().endianness()).isEqualTo(Endianness.LITTLE);
    }

    @Test
    void ioOptionsReplaceTheRegisterFilesByteOrderAndSizes() throws Exception {
        MemorySystem system = loadSystem("""
                - at: 0x0
                  name: timer
                  kind: io
                  size: 0x100
                  endianness: big
                  valid: {min: 4, max: 4}
                  impl: {min: 2, max: 8, unaligned: true}
                """);
        IoRegion timer = (IoRegion) region(system, "timer");
        assertThat(timer.ops().endianness()).isEqualTo(Endianness.BIG);
        assertThat(timer.ops().valid()).isEqualTo(AccessConstraints.sizes(4, 4));
        assertThat(timer.ops().impl()).isEqualTo(AccessConstraints.sizes(2, 8).withUnaligned(true));
        timer.ops().write(0x10, 0x1234_5678, 4);
        assertThat(timer.ops().read(0x10, 4)).isEqualTo(0x1234_5678);
    }

    @Test
    void unassignedOpsReadAllOnes() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x0, name: io, kind: io, size: 64K, ops: unassigned}");
        IoRegion io = (IoRegion) region(system, "io");
        assertThat(io.ops()).isSameAs(UnassignedIo.INSTANCE);
        assertThat(io.ops().read(0x80, 1)).isEqualTo(0xff);
    }

    @Test
    void registerFileCoversTheWholeRegion() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x1_0000_0000, name: window, kind: io, size: 256M}");
        RegisterFile registers = (RegisterFile) ((IoRegion) region(system, "window")).ops();
        assertThat(registers.size()).isEqualTo(256L << 20);
        registers.write(0xfff_fff8L, 0x1122_3344_5566_7788L, 8);
        assertThat(registers.read(0xfff_fff8L, 8)).isEqualTo(0x1122_3344_5566_7788L);
    }

    @Test
    void registerFileOfARegionTooLargeForOneStopsAtTwoToTheSixtyThree() {
        assertThat(BoardBuilder.registerSize(0x1000)).isEqualTo(0x1000);
        assertThat(BoardBuilder.registerSize(0)).isEqualTo(1);
        assertThat(BoardBuilder.registerSize(1L << 40)).isEqualTo(1L << 40);
        assertThat(BoardBuilder.registerSize(MemoryRegion.SIZE_2_64)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void sizesAcceptHexDecimalSuffixesAndPowersOfTwo() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0, name: a, kind: container, size: 0x1_0000}
                - {at: 0x0, name: b, kind: container, size: 4096}
                - {at: 0x0, name: c, kind: container, size: 64K}
                - {at: 0x0, name: d, kind: container, size: 2MiB}
                - {at: 0x0, name: e, kind: container, size: 3g}
                - {at: 0x0, name: f, kind: container, size: 2^32}
                - {at: 0x0, name: g, kind: container, size: 2^64}
                - {at: 0x0, name: h, kind: container, size: 0}
                """);
        assertThat(region(system, "a").size()).isEqualTo(0x1_0000);
        assertThat(region(system, "b").size()).isEqualTo(4096);
        assertThat(region(system, "c").size()).isEqualTo(64 * 1024);
        assertThat(region(system, "d").size()).isEqualTo(2 << 20);
        assertThat(region(system, "e").size()).isEqualTo(3L << 30);
        assertThat(region(system, "f").size()).isEqualTo(1L << 32);
        assertThat(region(system, "g").size()).isEqualTo(MemoryRegion.SIZE_2_64);
        assertThat(region(system, "h").size()).isZero();
    }

    @Test
    void targetByteOrderComesFromTheBoard() throws Exception {
        MemorySystem system = load("""
                endianness: big
                regions: [{name: system, kind: container, size: 2^64}]
                address-spaces: [{name: memory, root: system}]
                """);
        assertThat(system.targetByteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(loadSystem("- {at: 0, name: r, kind: ram, size: 4K}").targetByteOrder())
                .isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    // ---------------------------------------------------------------- nesting, priorities

    @Test
    void nestedSubregionsAddUpTheirOffsets() throws Exception {
        MemorySystem system = loadSystem("""
                - at: 0x1000_0000
                  name: soc
                  kind: container
                  size: 256M
                  subregions:
                    - at: 0x20_0000
                      name: bus
                      kind: container
                      size: 1M
                      subregions:
                        - {at: 0x300, name: dev, kind: io, size: 0x100}
                """);
        assertThat(region(system, "dev").container()).isSameAs(region(system, "bus"));
        FlatRange r = at(system, 0x1020_0310L);
        assertThat(r.region().name()).isEqualTo("dev");
        assertThat(r.offsetOf(0x1020_0310L)).isEqualTo(0x10);
    }

    @Test
    void higherPriorityWinsWhereSiblingsOverlap() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0, name: low, kind: ram, size: 64K}
                - {at: 0x8000, priority: 2, name: high, kind: io, size: 0x1000}
                - {at: 0x0, priority: -1, name: background, kind: io, size: 1M, ops: unassigned}
                """);
        assertThat(at(system, 0x7fff).region().name()).isEqualTo("low");
        assertThat(at(system, 0x8000).region().name()).isEqualTo("high");
        assertThat(at(system, 0x9000).region().name()).isEqualTo("low");
        assertThat(at(system, 0x1_0000).region().name()).isEqualTo("background");
        assertThat(region(system, "high").priority()).isEqualTo(2);
        assertThat(region(system, "high").mayOverlap()).isTrue();
        assertThat(region(system, "low").mayOverlap()).isFalse();
    }

    @Test
    void equalPriorityLaterSiblingInTheFileWins() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0, priority: 1, name: first, kind: ram, size: 4K}
                - {at: 0x0, priority: 1, name: second, kind: ram, size: 4K}
                """);
        assertThat(at(system, 0x10).region().name()).isEqualTo("second");
    }

    @Test
    void givenPriorityZeroStillMapsAsExpectingOverlap() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x0, priority: 0, name: r, kind: ram, size: 4K}");
        assertThat(region(system, "r").mayOverlap()).isTrue();
        assertThat(region(system, "r").priority()).isZero();
    }

    @Test
    void nonContainerRegionsTakeSubregionsAndFillTheGaps() throws Exception {
        MemorySystem system = loadSystem("""
                - at: 0x70
                  name: rtc
                  kind: io
                  size: 2
                  subregions:
                    - {at: 0, name: rtc-index, kind: io, size: 1}
                """);
        assertThat(at(system, 0x70).region().name()).isEqualTo("rtc-index");
        assertThat(at(system, 0x71).region().name()).isEqualTo("rtc");
    }

    @Test
    void refMapsATopLevelRegionIntoAContainer() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x0, priority: -1, ref: pci}", """
                  - name: pci
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0xc0000, name: pc.rom, kind: rom, size: 128K}
                """);
        MemoryRegion pci = region(system, "pci");
        assertThat(pci.container()).isSameAs(region(system, "system"));
        assertThat(pci.priority()).isEqualTo(-1);
        assertThat(at(system, 0xc0000).region().name()).isEqualTo("pc.rom");
    }

    // ---------------------------------------------------------------- aliases

    @Test
    void aliasShowsItsTargetFromTheOffset() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x10_0000, name: window, kind: alias, target: ram, offset: 0x8000, size: 0x1000}
                """, """
                  - {name: ram, kind: ram, size: 64K}
                """);
        AliasRegion window = (AliasRegion) region(system, "window");
        assertThat(window.target()).isSameAs(region(system, "ram"));
        assertThat(window.aliasOffset()).isEqualTo(0x8000);
        FlatRange r = at(system, 0x10_0010L);
        assertThat(r.region().name()).isEqualTo("ram");
        assertThat(r.offsetOf(0x10_0010L)).isEqualTo(0x8010);
    }

    @Test
    void aliasWithoutSizeShowsTheRestOfItsTarget() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0, name: all, kind: alias, target: ram}
                - {at: 4G, name: high, kind: alias, target: ram, offset: 48K}
                - {at: 8G, name: whole, kind: alias, target: system2}
                - {at: 0x1_0000_0000_0000, name: tail, kind: alias, target: system2, offset: 0xffff_ffff_ffff_0000}
                """, """
                  - {name: ram, kind: ram, size: 64K}
                  - {name: system2, kind: container, size: 2^64}
                """);
        assertThat(region(system, "all").size()).isEqualTo(64 * 1024);
        assertThat(region(system, "high").size()).isEqualTo(16 * 1024);
        assertThat(region(system, "whole").size()).isEqualTo(MemoryRegion.SIZE_2_64);
        assertThat(region(system, "tail").size()).isEqualTo(0x1_0000);
    }

    @Test
    void aliasOfAnAliasDefinedLaterInTheFileResolves() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0, name: outer, kind: alias, target: inner, offset: 0x100, size: 0x100}
                """, """
                  - {name: inner, kind: alias, target: ram, offset: 0x1000, size: 0x1000}
                  - {name: ram, kind: ram, size: 64K}
                """);
        AliasRegion outer = (AliasRegion) region(system, "outer");
        assertThat(outer.target()).isSameAs(region(system, "inner"));
        assertThat(outer.finalTarget()).isSameAs(region(system, "ram"));
        assertThat(at(system, 0x10).offsetOf(0x10)).isEqualTo(0x1110);
    }

    @Test
    void referencesResolveByIdThenNameThenPath() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0000, name: by-id, kind: alias, target: the-ram, size: 16}
                - {at: 0x1000, name: by-name, kind: alias, target: flash, size: 16}
                - {at: 0x2000, name: by-path, kind: alias, target: bank1/cells, size: 16}
                - {at: 0x3000, name: by-slash-name, kind: alias, target: /rom@etc/table, size: 16}
                """, """
                  - {name: ram, id: the-ram, kind: ram, size: 4K}
                  - {name: flash, kind: rom, size: 4K}
                  - name: bank0
                    kind: container
                    size: 4K
                    subregions: [{at: 0, name: cells, kind: ram, size: 4K}]
                  - name: bank1
                    kind: container
                    size: 4K
                    subregions: [{at: 0, name: cells, kind: ram, size: 4K}]
                  - {name: /rom@etc/table, kind: rom, size: 4K}
                """);
        assertThat(((AliasRegion) region(system, "by-id")).target().name()).isEqualTo("ram");
        assertThat(((AliasRegion) region(system, "by-name")).target().name()).isEqualTo("flash");
        AliasRegion byPath = (AliasRegion) region(system, "by-path");
        assertThat(byPath.target().container().name()).isEqualTo("bank1");
        assertThat(((AliasRegion) region(system, "by-slash-name")).target().name()).isEqualTo("/rom@etc/table");
    }

    @Test
    void pathsFollowNamesThatContainSlashes() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x0, name: a, kind: alias, target: fw/cfg/etc/x, size: 16}", """
                  - name: fw/cfg
                    kind: container
                    size: 4K
                    subregions: [{at: 0, name: etc/x, kind: rom, size: 4K}]
                """);
        assertThat(((AliasRegion) region(system, "a")).target().name()).isEqualTo("etc/x");
    }

    @Test
    void duplicateNamesAreFineWhenNothingRefersToThem() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x81, name: dma-page, kind: io, size: 3}
                - {at: 0x87, name: dma-page, kind: io, size: 1}
                """);
        assertThat(system.regions().stream().filter(r -> r.name().equals("dma-page"))).hasSize(2);
    }

    // ---------------------------------------------------------------- address spaces

    @Test
    void spacesMayShareARootAndThenShareTheirFlatView() throws Exception {
        MemorySystem system = load("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions: [{at: 0, name: ram, kind: ram, size: 1M}]
                  - {name: io, kind: io, size: 64K, ops: unassigned}
                address-spaces:
                  - {name: memory, root: system}
                  - {name: I/O, root: io}
                  - {name: cpu-memory-0, root: system}
                """);
        assertThat(system.addressSpaces()).extracting(AddressSpace::name)
                .containsExactly("memory", "I/O", "cpu-memory-0");
        assertThat(space(system, "cpu-memory-0").root()).isSameAs(space(system, "memory").root());
        assertThat(space(system, "cpu-memory-0").view()).isSameAs(space(system, "memory").view());
        assertThat(space(system, "I/O").view().lookup(0x3f8).region().name()).isEqualTo("io");
    }

    @Test
    void spaceRootMayBeARegionDefinedInsideAnother() throws Exception {
        MemorySystem system = load("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - at: 0
                        name: inner
                        kind: container
                        size: 1M
                        subregions: [{at: 0x100, name: ram, kind: ram, size: 4K}]
                address-spaces:
                  - {name: memory, root: system}
                  - {name: inner-view, root: system/inner}
                """);
        assertThat(space(system, "inner-view").root().name()).isEqualTo("inner");
    }

    @Test
    void rootThatReducesToARegionMappedElsewhereRendersAtItsAddressAsQemuDoes() throws Exception {
        MemorySystem system = load("""
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions: [{at: 0x8000_0000, name: dram-low, kind: alias, target: dram, size: 1M}]
                  - {name: dram, kind: ram, size: 2M}
                  - name: dma-root
                    kind: container
                    size: 2^64
                    subregions: [{at: 0, name: dma-dram, kind: alias, target: dram-low}]
                address-spaces:
                  - {name: memory, root: system}
                  - {name: dma, root: dma-root}
                """);
        AddressSpace dma = space(system, "dma");
        assertThat(dma.view().lookup(0x1000)).isNull();
        assertThat(dma.view().lookup(0x8000_1000L).region().name()).isEqualTo("dram");
    }

    // ---------------------------------------------------------------- flags and owners

    @Test
    void flagsAreSetOnTheRegions() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0000, name: off, kind: ram, size: 4K, enabled: false}
                - {at: 0x1000, name: ro, kind: ram, size: 4K, readonly: true}
                - {at: 0x2000, name: nv, kind: ram, size: 4K, nonvolatile: true}
                - {at: 0x3000, name: writable-rom, kind: rom, size: 4K, readonly: false}
                - {at: 0x4000, name: rom, kind: rom, size: 4K}
                """);
        assertThat(region(system, "off").isEnabled()).isFalse();
        assertThat(at(system, 0x0)).isNull();
        assertThat(region(system, "ro").isReadonly()).isTrue();
        assertThat(at(system, 0x1000).typeName()).isEqualTo("rom");
        assertThat(at(system, 0x2000).typeName()).isEqualTo("nv-ram");
        assertThat(region(system, "writable-rom").isReadonly()).isFalse();
        assertThat(region(system, "rom").isReadonly()).isTrue();
    }

    @Test
    void readonlyAliasMakesItsWindowReadOnly() throws Exception {
        MemorySystem system = loadSystem("- {at: 0xe0000, name: isa-bios, kind: alias, target: ram, size: 128K,"
                + " readonly: true}", "  - {name: ram, kind: ram, size: 1M}");
        assertThat(at(system, 0xe0000).readonly()).isTrue();
        assertThat(region(system, "isa-bios").typeName()).isEqualTo("ram");
    }

    @Test
    void ownersAreReadInEveryForm() throws Exception {
        MemorySystem system = loadSystem("""
                - {at: 0x0, name: a, kind: io, size: 1, owner: {dev-id: uart0}}
                - {at: 0x1, name: b, kind: io, size: 1, owner: {dev-path: /machine/soc/uart}}
                - {at: 0x2, name: c, kind: ram, size: 4K, owner: {obj-path: /objects/ram}}
                - {at: 0x3, name: d, kind: io, size: 1, owner: {parent-path: /machine/soc}}
                - at: 0x4
                  name: e
                  kind: io
                  size: 1
                  owner: owner:{dev path=/machine/unattached/device[3]}
                - {at: 0x5, name: f, kind: io, size: 1}
                """);
        assertThat(region(system, "a").owner()).isEqualTo(Owner.deviceId("uart0"));
        assertThat(region(system, "b").owner()).isEqualTo(Owner.devicePath("/machine/soc/uart"));
        assertThat(region(system, "c").owner()).isEqualTo(Owner.objectPath("/objects/ram"));
        assertThat(region(system, "d").owner()).isEqualTo(Owner.parentPath("/machine/soc"));
        assertThat(region(system, "e").owner()).isEqualTo(Owner.devicePath("/machine/unattached/device[3]"));
        assertThat(region(system, "f").owner()).isEqualTo(Owner.UNATTACHED);
    }

    // ---------------------------------------------------------------- contents

    @Test
    void hexContentsAreWrittenAtTheirOffset() throws Exception {
        MemorySystem system = loadSystem("""
                - at: 0x0
                  name: rom
                  kind: rom
                  size: 4K
                  contents: {hex: "ea 00 00 0f", offset: 0xffc}
                """);
        RamRegion rom = (RamRegion) region(system, "rom");
        assertThat(rom.backing().get(ValueLayout.JAVA_BYTE, 0xffc)).isEqualTo((byte) 0xea);
        assertThat(rom.backing().get(ValueLayout.JAVA_BYTE, 0xfff)).isEqualTo((byte) 0x0f);
        assertThat(rom.backing().get(ValueLayout.JAVA_BYTE, 0)).isZero();
    }

    @Test
    void fileContentsAreReadRelativeToTheBoardFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("fw"));
        Files.write(dir.resolve("fw/boot.bin"), new byte[] {1, 2, 3, 4});
        Files.writeString(dir.resolve("board.yaml"), """
                regions:
                  - name: system
                    kind: container
                    size: 2^64
                    subregions:
                      - {at: 0, name: boot, kind: rom, size: 4K, contents: {file: fw/boot.bin}}
                      - {at: 4K, name: flash, kind: rom-device, size: 4K, contents: {file: fw/boot.bin, offset: 2}}
                      - {at: 8K, name: bar, kind: ram-device, size: 4K, contents: {file: fw/boot.bin}}
                address-spaces: [{name: memory, root: system}]
                """);
        MemorySystem system = BoardLoader.load(dir.resolve("board.yaml"));
        RamRegion boot = (RamRegion) region(system, "boot");
        assertThat(boot.backing().get(ValueLayout.JAVA_BYTE, 0)).isEqualTo((byte) 1);
        assertThat(boot.backing().get(ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) 4);
        assertThat(((RomDeviceRegion) region(system, "flash")).backing().get(ValueLayout.JAVA_BYTE, 2))
                .isEqualTo((byte) 1);
        assertThat(((RamDeviceRegion) region(system, "bar")).backing().get(ValueLayout.JAVA_BYTE, 3))
                .isEqualTo((byte) 4);
    }

    // ---------------------------------------------------------------- YAML conveniences

    @Test
    void anchorsAndMergeKeysShareSettings() throws Exception {
        MemorySystem system = loadSystem("""
                - &uart {at: 0x0, name: uart0, kind: io, size: 0x100, endianness: big}
                - {<<: *uart, at: 0x100, name: uart1}
                """);
        IoRegion uart1 = (IoRegion) region(system, "uart1");
        assertThat(uart1.addr()).isEqualTo(0x100);
        assertThat(uart1.ops().endianness()).isEqualTo(Endianness.BIG);
    }

    @Test
    void loadedSystemHasNoOpenTransactionAndItsViewsArePublished() throws Exception {
        MemorySystem system = loadSystem("- {at: 0x0, name: r, kind: ram, size: 4K}");
        assertThat(system.transactionDepth()).isZero();
        assertThat(at(system, 0x0).region().name()).isEqualTo("r");
    }
}
