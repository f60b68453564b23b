package dev.physmem.mtree;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Rebuilds a machine's memory from QEMU 7.2's {@code info mtree -o -D} output plus a hints file
 * (HINTS.md), as a new {@link dev.physmem.MemorySystem} with real regions and address spaces, so
 * that {@link MtreePrinter} prints the same blocks as QEMU did, in every mode. QEMU counterpart: none
 * (it is the inverse of {@code mtree_info}).
 *
 * <h2>What is rebuilt (RENDER-RULES.md §1–§3)</h2>
 * <ul>
 *   <li>One region per distinct printed region: lines that print the same region (an AS root, an
 *       alias target's {@code memory-region:} block) are recognised by their subtree's signature.
 *   <li>Kinds: {@code ram} → RAM, {@code rom} → ROM (read-only RAM), {@code romd} → a ROM device in
 *       romd mode, {@code ramd} → a RAM device, {@code i/o} without subregions → an I/O region unless a
 *       {@code container} hint, {@code i/o} with subregions → a pure container unless a
 *       {@code handlers} hint (then an I/O region), {@code alias} → an alias of the
 *       {@code memory-region:} block its TARGET names.
 *   <li>Offsets in containers, priorities, sizes ({@code size0} for END == START), enabled,
 *       non-volatile and read-only flags ({@code readonly} for what TYPE hides), owners, subregion
 *       order ({@code later}), and address spaces in creation order ({@code as}).
 * </ul>
 * RAM, ROM and RAM-device regions get zero-filled host memory mapped lazily with
 * {@code MAP_NORESERVE}, so a multi-GiB machine costs only what is touched. A dump carries no device
 * behaviour: imported I/O regions and ROM devices read as zero and ignore writes.
 *
 * <h2>Errors</h2>
 * Both inputs are parsed, matched and checked before the first region is created; only the core's
 * own limits (such as RAM of 2<sup>64</sup> bytes) show while building, which happens inside one
 * transaction. Malformed or contradictory input throws {@link MtreeFormatException} naming the line,
 * the offending text and what was expected; nothing is returned then.
 * {@snippet :
 * ImportedMachine pc = QemuMtreeImporter.importDump(Path.of("mtree-o-D.txt"), Path.of("hints.txt"));
 * String flat = MtreePrinter.print(pc.system(), MtreeOptions.flatView().withAccel(pc.accel()));
 * }
 */
public final class QemuMtreeImporter {

    private QemuMtreeImporter() {
    }

    /**
     * Imports a dump.
     *
     * @param mtreeOD the text of {@code info mtree -o -D}; {@code \n} or {@code \r\n} line ends
     * @param hints the text of a hints file, or null or empty for none
     * @throws MtreeFormatException if either input is malformed or they contradict each other
     */
    public static ImportedMachine importDump(String mtreeOD, String hints) {
        Objects.requireNonNull(mtreeOD, "mtreeOD");
        DumpParser.Dump dump = DumpParser.parse(mtreeOD);
        Hints parsedHints = HintsParser.parse(hints);
        List<RegionPlan> regions = RegionIdentities.resolve(dump);
        HintResolver.apply(dump, parsedHints);
        AliasTargets.resolve(dump, regions);
        List<AddressSpaceOrder.Entry> spaces = AddressSpaceOrder.resolve(dump, parsedHints);
        MtreeOptions.Accel accel = parsedHints.accel() == null ? null : parsedHints.accel().accel();
        return MachineBuilder.build(regions, spaces, accel);
    }

    /**
     * Imports a dump from UTF-8 files.
     *
     * @param mtreeOD a file with the output of {@code info mtree -o -D}
     * @param hints a hints file, or null for none
     * @throws IOException if a file cannot be read
     * @throws MtreeFormatException if either input is malformed or they contradict each other
     */
    public static ImportedMachine importDump(Path mtreeOD, Path hints) throws IOException {
        String dump = Files.readString(mtreeOD, StandardCharsets.UTF_8);
        return importDump(dump, hints == null ? null : Files.readString(hints, StandardCharsets.UTF_8));
    }
}
