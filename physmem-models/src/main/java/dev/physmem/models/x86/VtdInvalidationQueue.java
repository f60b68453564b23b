package dev.physmem.models.x86;

import dev.physmem.attr.MemTxAttrs;
import dev.physmem.space.AddressSpace;
import dev.physmem.space.MemTxResultHolder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntConsumer;

/**
 * VT-d queued invalidation: the guest's ring of invalidation descriptors and the hardware's
 * reading of it. QEMU counterpart: {@code vtd_fetch_inv_desc}, {@code vtd_process_inv_desc} and
 * the {@code vtd_process_*_desc} family (hw/i386/intel_iommu.c, 7.2), with the queue fields of
 * {@code IntelIOMMUState} ({@code iq}, {@code iq_size}, {@code iq_head}, {@code iq_tail},
 * {@code iq_last_desc_type}).
 *
 * <h2>The queue</h2>
 * {@code size} descriptors of 128 bits from guest-physical {@code base} (IQA latched when QIE is
 * set; 2<sup>QS+8</sup> entries). The guest writes descriptors, then the tail (IQT); hardware
 * processes from the head to the tail, wrapping at {@code size}, reading each descriptor from
 * guest memory through {@code memory} (a DMA read, as QEMU's {@code dma_memory_read} from
 * {@code address_space_memory}). The head only moves past a descriptor that was processed; an
 * invalid one stops the queue with the head on it ({@link IntelIommu} then sets FSTS.IQE).
 * IQA.DW (256-bit descriptors) takes effect only in scalable mode (QEMU's
 * {@code vtd_update_iq_dw} checks ECAP.SMTS), which this model does not offer: descriptors are
 * always 128 bits, as QEMU 7.2 reads them for {@code intel-iommu} without {@code x-scalable-mode}.
 *
 * <h2>Descriptors (low quadword bits 3:0 give the type)</h2>
 * <ul>
 *   <li>{@link Type#CONTEXT}: granularity in bits 5:4 (global, domain, device with source id in
 *       47:32 and function mask in 49:48); high quadword and reserved bits must be zero.
 *   <li>{@link Type#IOTLB}: granularity in bits 5:4 (global, domain with id in 31:16, page with
 *       address in the high quadword's 63:12, IH in bit 6 (ignored) and AM in 5:0, at most
 *       MAMV = 18).
 *   <li>{@link Type#DEVICE_IOTLB}: source id in 47:32; high quadword address in 63:12 and size
 *       bit S in bit 0 (the ATS encoding: with S, the trailing ones of the page number give the
 *       size, 8 KiB for none).
 *   <li>{@link Type#WAIT}: status write (SW, bit 5) of the 32-bit status data (63:32) to the
 *       address in the high quadword, and/or interrupt flag (IF, bit 4), which sets ICS.IWC.
 *   <li>{@link Type#IEC}: accepted and ignored (interrupt remapping is not modelled, so there is
 *       no interrupt entry cache). {@link Type#PASID_IOTLB} and {@link Type#PASID_CACHE}:
 *       accepted and ignored, as QEMU 7.2 does in every mode.
 *   <li>Anything else, or a reserved bit set: invalid (QEMU's masks of 7.2).
 * </ul>
 *
 * <h2>Deviation</h2>
 * A wait descriptor with both SW and IF makes QEMU 7.2 abort (an {@code assert}); here it writes
 * the status, then raises the completion event, as the VT-d specification orders it and as later
 * QEMU does.
 *
 * <h2>Thread safety</h2>
 * None of its own: the IOMMU calls it under its lock.
 */
final class VtdInvalidationQueue {
    /**
     * The descriptor types, by their code in bits 3:0 of the low quadword (the ordinal), with
     * the bits QEMU 7.2 requires to be zero ({@code VTD_INV_DESC_*_RSVD*}); a context
     * descriptor's whole high quadword is reserved. Interrupt-entry-cache and PASID descriptors
     * are not checked. QEMU: {@code VTD_INV_DESC_CC} ... {@code VTD_INV_DESC_PC}.
     */
    enum Type {
        /** Not a descriptor (also what the last type reads after a failed fetch). */
        NONE(0, 0),
        /** Context-cache invalidate. */
        CONTEXT(0xfffc_0000_0000_ffc0L, -1L),
        /** IOTLB invalidate. */
        IOTLB(0xffff_ffff_0000_ff00L, 0xf80L),
        /** Device-IOTLB invalidate. */
        DEVICE_IOTLB(0xffff_0000_ffe0_fff8L, 0xffeL),
        /** Interrupt entry cache invalidate. */
        IEC(0, 0),
        /** Invalidation wait. */
        WAIT(0xffff_ff80L, 3),
        /** PASID-based IOTLB invalidate. */
        PASID_IOTLB(0, 0),
        /** PASID-cache invalidate. */
        PASID_CACHE(0, 0);

        private static final Type[] BY_CODE = values();
        private final long reservedLo;
        private final long reservedHi;

        Type(long reservedLo, long reservedHi) {
            this.reservedLo = reservedLo;
            this.reservedHi = reservedHi;
        }

        /** The code in a descriptor's low quadword. */
        long code() {
            return ordinal();
        }

        /** The type of a descriptor by its low quadword; null for codes 8..15. */
        static Type of(long lo) {
            int code = (int) lo & 0xf;
            return code < BY_CODE.length ? BY_CODE[code] : null;
        }

        /** Whether a descriptor of this type has a reserved bit set. */
        boolean reservedSet(long lo, long hi) {
            return (lo & reservedLo) != 0 || (hi & reservedHi) != 0;
        }
    }

    /** Wait descriptor: interrupt flag. */
    static final long WAIT_IF = 1L << 4;
    /** Wait descriptor: status write. */
    static final long WAIT_SW = 1L << 5;
    /** Device-IOTLB descriptor, high quadword: size bit S. */
    static final long DEVICE_IOTLB_S = 1;
    /** Bytes of one (128-bit) descriptor. */
    static final int DESCRIPTOR_SIZE = 16;
    /** The largest address mask of a page-selective IOTLB invalidation ({@code VTD_MAMV}). */
    static final int MAMV = 18;

    private static final long PAGE_MASK_4K = 0xfff;

    private final IntelIommu iommu;
    private final AddressSpace memory;
    private final long baseMask;
    private final MemTxResultHolder result = new MemTxResultHolder();
    private final ByteBuffer descriptor = ByteBuffer.allocate(DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private boolean enabled;
    private long base;
    private int size;
    private int head;
    private int tail;
    /** The type of the last descriptor fetched, null for an unknown code; QEMU's {@code iq_last_desc_type}. */
    private Type lastType = Type.NONE;

    /** A disabled queue whose descriptors are read through {@code memory}; IQA addresses have {@code awBits} bits. */
    VtdInvalidationQueue(IntelIommu iommu, AddressSpace memory, int awBits) {
        this.iommu = iommu;
        this.memory = memory;
        this.baseMask = ((1L << awBits) - 1) & ~PAGE_MASK_4K;
    }

    boolean isEnabled() {
        return enabled;
    }

    /** The index the guest last wrote to IQT. */
    int tail() {
        return tail;
    }

    /** Latches base and size from IQA and enables the queue. QEMU: {@code vtd_handle_gcmd_qie(s, true)}. */
    void enable(long iqa) {
        base = iqa & baseMask;
        size = 1 << ((iqa & 7) + 8);
        enabled = true;
    }

    /**
     * Disables the queue if it is idle and its last descriptor was a wait (so the guest saw it
     * drain), resetting the head; otherwise refuses. QEMU: {@code vtd_queued_inv_disable_check}.
     *
     * @return whether the queue is now disabled
     */
    boolean disable() {
        if (!enabled || tail != head || lastType != Type.WAIT) {
            return false;
        }
        head = 0;
        enabled = false;
        return true;
    }

    /** Takes the tail from an IQT value (bits 18:4). QEMU: {@code VTD_IQT_QT}. */
    void setTail(long iqt) {
        tail = (int) (iqt >>> 4) & 0x7fff;
    }

    /**
     * Processes the descriptors from the head to the tail, telling {@code headMoved} each new
     * head (the IOMMU keeps IQH current with it). Stops at a tail outside the queue or at a
     * descriptor that cannot be read or is invalid, leaving the head on it. QEMU:
     * {@code vtd_fetch_inv_desc}.
     *
     * @return false for a queue error (the IOMMU then sets FSTS.IQE)
     */
    boolean processToTail(IntConsumer headMoved) {
        if (tail >= size) {
            return false;
        }
        while (head != tail) {
            if (!processNext()) {
                return false;
            }
            headMoved.accept(head);
        }
        return true;
    }

    /**
     * Reads and processes the descriptor at the head; on success the head moves on (wrapping).
     * QEMU: {@code vtd_process_inv_desc}.
     *
     * @return false for a descriptor that could not be read or is invalid (the head stays)
     */
    private boolean processNext() {
        if (!read(base + (long) head * DESCRIPTOR_SIZE)) {
            lastType = Type.NONE;
            return false;
        }
        long lo = descriptor.getLong(0);
        long hi = descriptor.getLong(8);
        lastType = Type.of(lo);
        boolean done = lastType != null && !lastType.reservedSet(lo, hi) && switch (lastType) {
            case CONTEXT -> iommu.invalidateContextCache(granularity(lo), (int) (lo >>> 32) & 0xffff,
                    (int) (lo >>> 48) & 3);
            case IOTLB -> iommu.invalidateIotlb(granularity(lo), (int) (lo >>> 16) & 0xffff, hi & ~PAGE_MASK_4K,
                    (int) hi & 0x3f);
            case DEVICE_IOTLB -> deviceIotlb(lo, hi);
            case WAIT -> await(lo, hi);
            case IEC, PASID_IOTLB, PASID_CACHE -> true;
            case NONE -> false;
        };
        if (done) {
            head = head + 1 == size ? 0 : head + 1;
        }
        return done;
    }

    private boolean read(long addr) {
        for (int i = 0; i < DESCRIPTOR_SIZE; i += 8) {
            descriptor.putLong(i, memory.ldqLe(addr + i, MemTxAttrs.UNSPECIFIED, result));
            if (!result.get().isOk()) {
                return false;
            }
        }
        return true;
    }

    /** Bits 5:4 of a context or IOTLB descriptor: 1 global, 2 domain, 3 device or page. */
    private static int granularity(long lo) {
        return (int) (lo >>> 4) & 3;
    }

    /**
     * The range of a device-IOTLB invalidation, as the ATS encoding gives it: without S one 4 KiB
     * page; with S the trailing ones of the page number select 8 KiB, 16 KiB, ... (all ones: the
     * whole space). QEMU: {@code vtd_process_device_iotlb_desc}. A source id with no function
     * behind it is done without effect.
     */
    private boolean deviceIotlb(long lo, long hi) {
        long addr = hi & ~PAGE_MASK_4K;
        long mask = PAGE_MASK_4K;
        if ((hi & DEVICE_IOTLB_S) != 0) {
            // 8 KiB << trailing ones; past bit 63 the shift leaves 0, so the mask is all ones
            long size = 0x2000L << Long.numberOfTrailingZeros(~(addr >>> 12));
            mask = size - 1;
            addr &= ~mask;
        }
        iommu.invalidateDeviceIotlb((int) (lo >>> 32) & 0xffff, addr, mask);
        return true;
    }

    /** QEMU: {@code vtd_process_wait_desc}; see the class doc for SW with IF. */
    private boolean await(long lo, long hi) {
        if ((lo & (WAIT_SW | WAIT_IF)) == 0) {
            return false;
        }
        if ((lo & WAIT_SW) != 0) {
            memory.stlLe(hi, (int) (lo >>> 32), MemTxAttrs.UNSPECIFIED, result);
            if (!result.get().isOk()) {
                return false;
            }
        }
        if ((lo & WAIT_IF) != 0) {
            iommu.completionEvent();
        }
        return true;
    }
}
