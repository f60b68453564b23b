package dev.physmem.models.x86;

import dev.physmem.MemorySystem;
import java.util.Objects;

/**
 * The options {@code pc} and {@code q35} share ({@code -m}, {@code max-ram-below-4g},
 * {@code -device VGA}, {@code -device virtio-net-pci}) and the build
 * step: split the RAM, then assemble the board and the machine's chipset in one transaction.
 *
 * @param <M> the machine built
 * @param <B> the concrete builder, returned by the setters for chaining
 */
public abstract sealed class MachineBuilder<M extends X86Machine, B extends MachineBuilder<M, B>>
        permits PcMachine.Builder, Q35Machine.Builder {
    private long ramSize = 128L << 20;
    private long maxRamBelow4g;
    private boolean vga;
    private boolean virtioNet;

    MachineBuilder(long defaultMaxRamBelow4g) {
        this.maxRamBelow4g = defaultMaxRamBelow4g;
    }

    /** Guest RAM in bytes ({@code -m}); a positive multiple of 8 KiB. */
    public B ramSize(long bytes) {
        this.ramSize = bytes;
        return self();
    }

    /** The {@code max-ram-below-4g} machine property, in (0, 4 GiB]. */
    public B maxRamBelow4g(long bytes) {
        this.maxRamBelow4g = bytes;
        return self();
    }

    /**
     * Whether to plug a standard VGA ({@code -device VGA}, {@link StdVga}) into the first free
     * slot of the root bus (after the IOMMU, before virtio-net, in {@link MachineDevice} order).
     */
    public B vga(boolean enabled) {
        this.vga = enabled;
        return self();
    }

    /**
     * Whether to plug a modern virtio network function
     * ({@code -device virtio-net-pci,iommu_platform=on,ats=on,disable-legacy=on},
     * {@link VirtioNetPci}) into the first free slot of the root bus, after the VGA if there is
     * one.
     */
    public B virtioNet(boolean enabled) {
        this.virtioNet = enabled;
        return self();
    }

    /**
     * Builds the machine in {@code system}, in one transaction.
     *
     * @throws IllegalArgumentException if an option is out of range
     */
    public final M build(MemorySystem system) {
        Objects.requireNonNull(system, "system");
        RamSplit split = split(ramSize, maxRamBelow4g);
        try (var _ = system.transaction()) {
            return assemble(new PcBoard(system, split, devices(vga, virtioNet)));
        }
    }

    /** The {@code -device} options; the q35 builder adds its IOMMU. */
    PcBoard.Devices devices(boolean vga, boolean virtioNet) {
        return new PcBoard.Devices(false, IntelIommu.DEFAULT_AW_BITS, false, vga, virtioNet);
    }

    /** The machine type's RAM split; checks the two sizes. */
    abstract RamSplit split(long ramSize, long maxRamBelow4g);

    /** Adds the machine's chipset to {@code board}, inside the build transaction. */
    abstract M assemble(PcBoard board);

    @SuppressWarnings("unchecked") // B is this builder's own class, as the permits clause fixes
    private B self() {
        return (B) this;
    }
}
