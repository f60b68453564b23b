package dev.physmem.models.x86;

import dev.physmem.space.AddressSpace;

/**
 * Test helper: a guest driver's VT-d invalidation queue, as Linux's {@code qi_submit_sync} uses
 * it: descriptors written into guest RAM at the tail through the CPU's memory, then IQT written.
 * Also builds the 128-bit descriptors, each as {@code {lo, hi}}.
 */
final class VtdGuestQueue {
    private final AddressSpace memory;
    /** Guest-physical address of descriptor 0. */
    private final long base;
    /** How many descriptors the ring holds. */
    private final int entries;
    /** The index the next descriptor goes to. */
    private int tail;

    /**
     * Points IQA at {@code base} with queue size {@code qs} (2^(qs+8) entries) and sets GCMD.QIE,
     * keeping the other persistent command bits as GSTS shows them.
     */
    VtdGuestQueue(AddressSpace memory, long base, int qs) {
        this.memory = memory;
        this.base = base;
        this.entries = 1 << (qs + 8);
        memory.stqLe(IntelIommu.DMAR_BASE + IntelIommu.IQA, base | qs);
        command(memory, IntelIommu.GCMD_QIE, true);
    }

    /** Writes GCMD with {@code bit} set or cleared and the persistent bits (TE, QIE, IRE) of GSTS kept. */
    static void command(AddressSpace memory, int bit, boolean on) {
        int persistent = memory.ldlLe(IntelIommu.DMAR_BASE + IntelIommu.GSTS)
                & (IntelIommu.GCMD_TE | IntelIommu.GCMD_QIE | IntelIommu.GCMD_IRE);
        memory.stlLe(IntelIommu.DMAR_BASE + IntelIommu.GCMD, on ? persistent | bit : persistent & ~bit);
    }

    /** Writes {@code descriptor} at the tail and moves the tail on (wrapping), without telling the hardware. */
    void put(long[] descriptor) {
        long at = base + (long) tail * VtdInvalidationQueue.DESCRIPTOR_SIZE;
        memory.stqLe(at, descriptor[0]);
        memory.stqLe(at + 8, descriptor[1]);
        tail = (tail + 1) % entries;
    }

    /** Writes IQT with the current tail. */
    void publish() {
        memory.stqLe(IntelIommu.DMAR_BASE + IntelIommu.IQT, (long) tail << 4);
    }

    /** Puts every descriptor, then publishes once. */
    void submit(long[]... descriptors) {
        for (long[] d : descriptors) {
            put(d);
        }
        publish();
    }

    /** The descriptor index the hardware will read next (IQH bits 18:4). */
    int head() {
        return (int) (memory.ldqLe(IntelIommu.DMAR_BASE + IntelIommu.IQH) >>> 4);
    }

    int tail() {
        return tail;
    }

    /** Overwrites the descriptor at index {@code index}. */
    void rewrite(int index, long[] descriptor) {
        long at = base + (long) index * VtdInvalidationQueue.DESCRIPTOR_SIZE;
        memory.stqLe(at, descriptor[0]);
        memory.stqLe(at + 8, descriptor[1]);
    }

    // ------------------------------------------------------------ descriptors

    static long[] contextGlobal() {
        return new long[] {VtdInvalidationQueue.Type.CONTEXT.code() | 1 << 4, 0};
    }

    static long[] contextDomain(int domain) {
        return new long[] {VtdInvalidationQueue.Type.CONTEXT.code() | 2 << 4 | (long) domain << 16, 0};
    }

    static long[] contextDevice(int sourceId, int functionMask) {
        return new long[] {VtdInvalidationQueue.Type.CONTEXT.code() | 3 << 4 | (long) sourceId << 32
                | (long) functionMask << 48, 0};
    }

    static long[] iotlbGlobal() {
        return new long[] {VtdInvalidationQueue.Type.IOTLB.code() | 1 << 4, 0};
    }

    static long[] iotlbDomain(int domain) {
        return new long[] {VtdInvalidationQueue.Type.IOTLB.code() | 2 << 4 | (long) domain << 16, 0};
    }

    static long[] iotlbPage(int domain, long addr, int am, boolean hint) {
        return new long[] {VtdInvalidationQueue.Type.IOTLB.code() | 3 << 4 | (long) domain << 16,
                addr | (hint ? 1L << 6 : 0) | am};
    }

    static long[] deviceIotlb(int sourceId, long addr, boolean sizeBit) {
        return new long[] {VtdInvalidationQueue.Type.DEVICE_IOTLB.code() | (long) sourceId << 32,
                addr | (sizeBit ? VtdInvalidationQueue.DEVICE_IOTLB_S : 0)};
    }

    static long[] waitStatus(long statusAddr, int data) {
        return new long[] {VtdInvalidationQueue.Type.WAIT.code() | VtdInvalidationQueue.WAIT_SW | (long) data << 32, statusAddr};
    }

    static long[] waitInterrupt() {
        return new long[] {VtdInvalidationQueue.Type.WAIT.code() | VtdInvalidationQueue.WAIT_IF, 0};
    }
}
