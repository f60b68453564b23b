/**
 * What travels with a memory transaction and what comes back: {@link dev.physmem.attr.MemTxAttrs}
 * in, {@link dev.physmem.attr.MemTxResult} out, and {@link dev.physmem.attr.IommuAccessFlags}, the
 * permissions an IOMMU translation grants and an access asks for.
 */
package dev.physmem.attr;
