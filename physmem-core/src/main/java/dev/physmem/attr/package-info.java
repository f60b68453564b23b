/**
 * What travels with a memory transaction and what comes back: {@link dev.physmem.attr.MemTxAttrs}
 * in, {@link dev.physmem.attr.MemTxResult} out.
 */
package dev.physmem.attr;
