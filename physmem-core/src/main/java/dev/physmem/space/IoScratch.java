package dev.physmem.space;

import dev.physmem.region.MemTxData;

/**
 * Per-thread {@link MemTxData} out-parameters for device reads, kept as a stack so that a device
 * callback that itself accesses memory (DMA from inside an MMIO handler, as QEMU devices do)
 * gets a fresh one and cannot clobber its caller's. After warm-up the access path allocates
 * nothing here; only a nesting deeper than ever before grows the stack.
 *
 * {@snippet :
 * IoScratch scratch = IoScratch.current();
 * MemTxData data = scratch.push();
 * try {
 *     // ... hand data to a device read ...
 * } finally {
 *     scratch.pop();
 * }
 * }
 */
final class IoScratch {
    private static final ThreadLocal<IoScratch> CURRENT = ThreadLocal.withInitial(IoScratch::new);

    private MemTxData[] stack = new MemTxData[4];
    private int depth;

    private IoScratch() {
    }

    /** The calling thread's scratch. */
    static IoScratch current() {
        return CURRENT.get();
    }

    /** An out-parameter owned by the caller until the matching {@link #pop()}. */
    MemTxData push() {
        if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, depth * 2);
        }
        MemTxData data = stack[depth];
        if (data == null) {
            data = new MemTxData();
            stack[depth] = data;
        }
        depth++;
        return data;
    }

    /** Gives back the out-parameter of the latest {@link #push()}. */
    void pop() {
        depth--;
    }

    /** Current nesting depth; for tests. */
    int depth() {
        return depth;
    }
}
