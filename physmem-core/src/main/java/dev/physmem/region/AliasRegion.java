package dev.physmem.region;

import dev.physmem.MemorySystem;
import java.util.Objects;

/**
 * A window onto part of another region: offset 0 of the alias is {@link #aliasOffset()} within
 * {@link #target()}. QEMU counterpart: {@code memory_region_init_alias}.
 *
 * <p>An alias never renders anything of its own; its read-only and non-volatile flags apply to
 * everything seen through it.
 */
public final class AliasRegion extends MemoryRegion {
    private final MemoryRegion target;
    private long aliasOffset;

    public AliasRegion(MemorySystem system, Owner owner, String name, MemoryRegion target, long aliasOffset, long size) {
        super(system, owner, name, size);
        this.target = Objects.requireNonNull(target, "target");
        if (target.system() != system) {
            throw new IllegalArgumentException("alias target belongs to another MemorySystem: alias=" + name);
        }
        this.aliasOffset = aliasOffset;
        target.attachAlias(this);
    }

    /** The aliased region. */
    public MemoryRegion target() {
        return target;
    }

    /** The offset within the target that the alias's offset 0 shows. */
    public long aliasOffset() {
        return aliasOffset;
    }

    /** The region at the end of the alias chain. */
    public MemoryRegion finalTarget() {
        MemoryRegion r = target;
        while (r instanceof AliasRegion a) {
            r = a.target;
        }
        return r;
    }

    /** Moves the window. QEMU: {@code memory_region_set_alias_offset}. */
    public void setAliasOffset(long offset) {
        system.beginMutation();
        try {
            if (aliasOffset != offset) {
                aliasOffset = offset;
                changed();
            }
        } finally {
            system.endMutation();
        }
    }

    @Override
    public boolean isTerminal() {
        return false;
    }

    @Override
    public String typeName() {
        return target.typeName();
    }
}
