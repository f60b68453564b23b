package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import dev.physmem.region.AliasRegion;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.Owner;
import java.util.EnumMap;
import java.util.Map;

/**
 * One PAM segment: four aliases over the same guest-physical range, one per {@link PamMode}, all
 * mapped at priority 1 in system memory and exactly one of them enabled. QEMU counterpart:
 * {@code PAMMemoryRegion}, built by {@code init_pam} and switched by {@code pam_update}
 * (hw/pci-host/pam.c).
 *
 * <p>The aliases are added in mode order, so the most recently added ({@code pam-ram}) comes
 * first among them, as in QEMU; only one is ever enabled, so the order never shows in a view.
 */
public final class PamRegion {
    private final MemorySystem system;
    private final long start;
    private final long size;
    private final Map<PamMode, AliasRegion> aliases = new EnumMap<>(PamMode.class);
    private PamMode mode = PamMode.DISABLED;

    /**
     * Builds the segment {@code [start, start + size)} and maps its aliases into
     * {@code systemMemory}, with {@link PamMode#DISABLED} enabled (the reset state).
     */
    PamRegion(MemorySystem system, Owner owner, MemoryRegion ram, MemoryRegion systemMemory, MemoryRegion pci,
            long start, long size) {
        this.system = system;
        this.start = start;
        this.size = size;
        aliases.put(PamMode.DISABLED, system.initAlias(owner, "pam-pci", pci, start, size));
        AliasRegion rom = system.initAlias(owner, "pam-rom", ram, start, size);
        rom.setReadonly(true);
        aliases.put(PamMode.READ_ONLY, rom);
        aliases.put(PamMode.WRITE_ONLY, system.initAlias(owner, "pam-pci", ram, start, size));
        aliases.put(PamMode.READ_WRITE, system.initAlias(owner, "pam-ram", ram, start, size));
        try (var _ = system.transaction()) {
            for (AliasRegion alias : aliases.values()) {
                alias.setEnabled(false);
                systemMemory.addSubregionOverlap(start, alias, 1);
            }
            aliases.get(mode).setEnabled(true);
        }
    }

    /** First guest-physical address of the segment. */
    public long start() {
        return start;
    }

    /** Size of the segment in bytes: 64 KiB for the BIOS segment, 16 KiB for the others. */
    public long size() {
        return size;
    }

    /** The current mode. */
    public PamMode mode() {
        return mode;
    }

    /** The alias that implements {@code mode}. */
    public AliasRegion alias(PamMode mode) {
        return aliases.get(mode);
    }

    /** Switches the segment to {@code newMode} in one transaction. QEMU: {@code pam_update}. */
    void set(PamMode newMode) {
        if (newMode == mode) {
            return;
        }
        try (var _ = system.transaction()) {
            aliases.get(mode).setEnabled(false);
            mode = newMode;
            aliases.get(mode).setEnabled(true);
        }
    }
}
