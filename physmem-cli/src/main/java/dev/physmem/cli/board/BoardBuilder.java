package dev.physmem.cli.board;

import dev.physmem.MemorySystem;
import dev.physmem.cli.board.BoardSpec.AliasDetails;
import dev.physmem.cli.board.BoardSpec.Behaviour;
import dev.physmem.cli.board.BoardSpec.IoDetails;
import dev.physmem.cli.board.BoardSpec.Ops;
import dev.physmem.cli.board.BoardSpec.Region;
import dev.physmem.cli.board.BoardSpec.RomDeviceDetails;
import dev.physmem.cli.board.ResolvedBoard.Placement;
import dev.physmem.cli.board.ResolvedBoard.ResolvedSpace;
import dev.physmem.host.AnonymousMemory;
import dev.physmem.host.HostMemoryException;
import dev.physmem.models.RegisterFile;
import dev.physmem.models.UnassignedIo;
import dev.physmem.region.MemoryRegion;
import dev.physmem.region.MemoryRegionOps;
import dev.physmem.region.RamDeviceRegion;
import dev.physmem.region.RamRegion;
import dev.physmem.region.RomDeviceRegion;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Builds a validated board into a new {@link MemorySystem}, in one transaction: regions in
 * creation order (each alias after its target), their flags and contents, then every mapping in
 * file order, then the address spaces. The views are rendered once, when the transaction
 * commits.
 *
 * <p>An I/O region (and a ROM device's register side) is a {@link RegisterFile} covering the
 * whole region (its storage is allocated page by page on first write).
 */
final class BoardBuilder {
    private final ResolvedBoard board;
    private final MemorySystem system;
    private final Map<Region, MemoryRegion> built = new IdentityHashMap<>();

    private BoardBuilder(ResolvedBoard board) {
        this.board = board;
        this.system = new MemorySystem(board.byteOrder());
    }

    /**
     * A new memory system holding {@code board}.
     *
     * @throws BoardFormatException if the host cannot provide a region's memory; the half-built
     *     system is dropped
     */
    static MemorySystem build(ResolvedBoard board) throws BoardFormatException {
        return new BoardBuilder(board).run();
    }

    private MemorySystem run() throws BoardFormatException {
        try (var _ = system.transaction()) {
            for (Region r : board.creationOrder()) {
                built.put(r, create(r));
            }
            for (Placement p : board.placements()) {
                map(p);
            }
            for (ResolvedSpace s : board.addressSpaces()) {
                system.addressSpace(built.get(s.root()), s.name());
            }
        }
        return system;
    }

    private MemoryRegion create(Region r) throws BoardFormatException {
        long size = board.sizes().get(r);
        MemoryRegion region;
        try {
            region = switch (r.kind()) {
                case CONTAINER -> system.initContainer(r.owner(), r.name(), size);
                // Nomigrate: a board names regions, which may repeat, not migration RAM blocks.
                case RAM -> system.initRamNomigrate(r.owner(), r.name(), size);
                case ROM -> system.initRomNomigrate(r.owner(), r.name(), size);
                case RAM_DEVICE -> system.initRamDevicePtr(r.owner(), r.name(), size, hostMemory(size));
                case ROM_DEVICE -> romDevice(r, size);
                case IO -> system.initIo(r.owner(), ops(((IoDetails) r.details()).ops(), size), r.name(), size);
                case ALIAS -> system.initAlias(r.owner(), r.name(), built.get(board.aliasTargets().get(r)),
                        ((AliasDetails) r.details()).offset(), size);
            };
        } catch (HostMemoryException e) {
            throw new BoardFormatException(r.sizeWhere(), "size", "the host cannot provide "
                    + Numbers.formatSize(size) + " bytes for " + r.describe() + ": " + e.getMessage(), e);
        }
        region.setReadonly(r.readonly());
        region.setNonvolatile(r.nonvolatile());
        region.setEnabled(r.enabled());
        byte[] contents = board.contents().get(r);
        if (contents != null) {
            MemorySegment.copy(contents, 0, backing(region), ValueLayout.JAVA_BYTE, contentsOffset(r),
                    contents.length);
        }
        return region;
    }

    private RomDeviceRegion romDevice(Region r, long size) {
        RomDeviceDetails d = (RomDeviceDetails) r.details();
        RomDeviceRegion region = system.initRomDeviceNomigrate(r.owner(), ops(d.ops(), size), r.name(), size);
        region.setRomd(d.romd());
        return region;
    }

    private void map(Placement p) {
        MemoryRegion container = built.get(p.container());
        MemoryRegion child = built.get(p.child());
        if (p.priority() == null) {
            container.addSubregion(p.at(), child);
        } else {
            container.addSubregionOverlap(p.at(), child, p.priority());
        }
    }

    private static MemoryRegionOps ops(Ops ops, long regionSize) {
        MemoryRegionOps behaviour = switch (ops.behaviour()) {
            case REGISTERS -> new RegisterFile(registerSize(regionSize));
            case UNASSIGNED -> UnassignedIo.INSTANCE;
        };
        return ConfiguredOps.of(behaviour, ops.endianness(), ops.valid(), ops.impl());
    }

    /**
     * The bytes a register file covers for a region of {@code regionSize} (unsigned): the region,
     * but at least 1 and at most 2<sup>63</sup>−1, which is all a {@code RegisterFile} can cover.
     */
    static long registerSize(long regionSize) {
        if (regionSize == 0) {
            return 1;
        }
        return regionSize < 0 ? Long.MAX_VALUE : regionSize;
    }

    private static MemorySegment hostMemory(long size) {
        return size == 0 ? MemorySegment.NULL : AnonymousMemory.map(size);
    }

    private static MemorySegment backing(MemoryRegion region) {
        return switch (region) {
            case RamRegion ram -> ram.backing();
            case RomDeviceRegion rom -> rom.backing();
            case RamDeviceRegion dev -> dev.backing();
            default -> throw new IllegalStateException("contents for a region without memory: " + region.name());
        };
    }

    private static long contentsOffset(Region r) {
        return switch (r.details()) {
            case BoardSpec.MemoryDetails m -> m.contents().offset();
            case RomDeviceDetails d -> d.contents().offset();
            default -> 0;
        };
    }
}
