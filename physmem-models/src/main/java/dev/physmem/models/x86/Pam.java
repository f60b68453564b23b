package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.models.pci.PciConfigSpace;
import dev.physmem.models.pci.PciFunction;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The Programmable Attribute Map of a 440FX or MCH host bridge: 13 segments of the legacy BIOS
 * and option ROM area, programmed through 7 registers PAM0..PAM6. QEMU counterpart: the
 * {@code pam_regions[]} of {@code PCII440FXState} and {@code MCHPCIState}, updated by
 * {@code i440fx_update_memory_mappings} and {@code mch_update_pam}.
 *
 * <h2>Segments and registers</h2>
 * Segment 0 is the BIOS area {@code 0xf0000-0xfffff} (64 KiB); segments 1 to 12 are the 16 KiB
 * blocks from {@code 0xc0000} to {@code 0xeffff}. Segment 0 is the high nibble of PAM0 (its low
 * nibble is reserved); segment {@code s >= 1} is the low nibble of register {@code (s + 1) / 2}
 * when {@code s} is odd and the high nibble when it is even. Each nibble holds a
 * {@link PamMode#attribute()}. The registers are bytes of the host bridge's configuration space
 * (i440FX 0x59-0x5f, MCH 0x90-0x96), writable in full as in QEMU (the reserved low nibble of
 * PAM0 included); a guest's configuration write and {@link #writeRegister} take the same path.
 *
 * <h2>Transactions</h2>
 * Every mutator changes the region tree inside one transaction.
 */
public final class Pam {
    /** Number of segments. */
    public static final int SEGMENTS = 13;
    /** Number of PAM registers. */
    public static final int REGISTERS = 7;
    /** Start of the BIOS segment (segment 0). */
    public static final long BIOS_BASE = 0xf_0000L;
    /** Size of the BIOS segment. */
    public static final long BIOS_SIZE = 0x1_0000L;
    /** Start of the option ROM segments (segment 1). */
    public static final long EXPAN_BASE = 0xc_0000L;
    /** Size of each option ROM segment. */
    public static final long EXPAN_SIZE = 0x4000L;

    private final MemorySystem system;
    private final List<PamRegion> segments = new ArrayList<>(SEGMENTS);
    private final PciFunction function;
    private final int pam0;

    /**
     * Maps the 13 segments into {@code systemMemory}, all {@link PamMode#DISABLED}, with the
     * registers at offset {@code pam0} of {@code function}'s configuration space. QEMU:
     * {@code init_pam} ×13.
     */
    Pam(MemorySystem system, Owner owner, MemoryRegion ram, MemoryRegion systemMemory, MemoryRegion pci,
            PciFunction function, int pam0) {
        this.system = system;
        this.function = function;
        this.pam0 = pam0;
        try (var _ = system.transaction()) {
            for (int s = 0; s < SEGMENTS; s++) {
                segments.add(new PamRegion(system, owner, ram, systemMemory, pci, segmentStart(s), segmentSize(s)));
            }
        }
    }

    /** The segments, segment 0 (0xf0000) first, then 0xc0000 upwards. */
    public List<PamRegion> segments() {
        return Collections.unmodifiableList(segments);
    }

    /**
     * The mode of {@code segment}.
     *
     * @throws IllegalArgumentException if {@code segment} is not in [0, 13)
     */
    public PamMode mode(int segment) {
        return segments.get(checkSegment(segment)).mode();
    }

    /**
     * Sets one segment's mode, updating its register nibble.
     *
     * @throws IllegalArgumentException if {@code segment} is not in [0, 13)
     */
    public void set(int segment, PamMode mode) {
        checkSegment(segment);
        Objects.requireNonNull(mode, "mode");
        int reg = registerOf(segment);
        int shift = shiftOf(segment);
        writeRegister(reg, (readRegister(reg) & ~(0xf << shift)) | (mode.attribute() << shift));
    }

    /**
     * The value of PAM register {@code index}.
     *
     * @throws IllegalArgumentException if {@code index} is not in [0, 7)
     */
    public int readRegister(int index) {
        return (int) function.config().get(pam0 + checkRegister(index), 1);
    }

    /** Whether a configuration write of {@code length} bytes at {@code offset} touched a PAM register. */
    boolean covers(int offset, int length) {
        return PciConfigSpace.overlaps(offset, length, pam0, REGISTERS);
    }

    /**
     * Writes PAM register {@code index} as firmware does through configuration space (a one-byte
     * configuration write to the host bridge), which updates every segment from the registers in
     * one transaction.
     *
     * @throws IllegalArgumentException if {@code index} is not in [0, 7) or {@code value} is not a byte
     */
    public void writeRegister(int index, int value) {
        checkRegister(index);
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("PAM register value is a byte: index=" + index + " value=" + value);
        }
        function.configWrite(pam0 + index, value, 1);
    }

    /**
     * Sets every segment from the registers in one transaction. QEMU: the {@code pam_update} loop
     * of {@code i440fx_update_memory_mappings} / {@code mch_update_pam}.
     */
    void update() {
        try (var _ = system.transaction()) {
            for (int s = 0; s < SEGMENTS; s++) {
                segments.get(s).set(PamMode.ofAttribute(readRegister(registerOf(s)) >> shiftOf(s)));
            }
        }
    }

    /** First guest-physical address of {@code segment}. */
    public static long segmentStart(int segment) {
        checkSegment(segment);
        return segment == 0 ? BIOS_BASE : EXPAN_BASE + (segment - 1) * EXPAN_SIZE;
    }

    /** Size in bytes of {@code segment}. */
    public static long segmentSize(int segment) {
        checkSegment(segment);
        return segment == 0 ? BIOS_SIZE : EXPAN_SIZE;
    }

    /**
     * The segment containing guest-physical {@code address}.
     *
     * @throws IllegalArgumentException if {@code address} is outside 0xc0000-0xfffff
     */
    public static int segmentAt(long address) {
        if (address >= BIOS_BASE && address < BIOS_BASE + BIOS_SIZE) {
            return 0;
        }
        if (address >= EXPAN_BASE && address < BIOS_BASE) {
            return 1 + (int) ((address - EXPAN_BASE) / EXPAN_SIZE);
        }
        throw new IllegalArgumentException("address is outside the PAM area: address=0x" + Long.toHexString(address));
    }

    private static int registerOf(int segment) {
        return (segment + 1) / 2;
    }

    private static int shiftOf(int segment) {
        return (segment & 1) == 0 ? 4 : 0;
    }

    private static int checkSegment(int segment) {
        if (segment < 0 || segment >= SEGMENTS) {
            throw new IllegalArgumentException("PAM segment out of range [0, 13): segment=" + segment);
        }
        return segment;
    }

    private static int checkRegister(int index) {
        if (index < 0 || index >= REGISTERS) {
            throw new IllegalArgumentException("PAM register out of range [0, 7): index=" + index);
        }
        return index;
    }
}
