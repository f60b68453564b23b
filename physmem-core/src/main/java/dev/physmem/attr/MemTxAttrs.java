package dev.physmem.attr;

/**
 * Attributes that travel with a memory transaction. QEMU counterpart: {@code MemTxAttrs}.
 *
 * @param unspecified the bus master gave no attributes (QEMU's {@code MEMTXATTRS_UNSPECIFIED})
 * @param secure the access is from the secure world (Arm TrustZone)
 * @param space the address space index for Arm's security state, 0 when unused
 * @param user the access is unprivileged
 * @param memory the bus master may reach only memory (QEMU 7.0+ {@code MemTxAttrs.memory}): an
 *     {@code AddressSpace} read or write whose pieces would reach anything but RAM (a device, a
 *     ROM device, an unassigned hole) is denied those pieces with {@code MEMTX_ACCESS_ERROR}
 * @param requesterId the PCI requester id of the bus master, 0 when there is none
 */
public record MemTxAttrs(
        boolean unspecified, boolean secure, int space, boolean user, boolean memory, int requesterId) {

    /** No attributes given. QEMU: {@code MEMTXATTRS_UNSPECIFIED}. */
    public static final MemTxAttrs UNSPECIFIED = new MemTxAttrs(true, false, 0, false, false, 0);

    /** A plain, specified, non-secure privileged access. */
    public static final MemTxAttrs DEFAULT = new MemTxAttrs(false, false, 0, false, false, 0);

    public MemTxAttrs {
        if (space < 0 || space > 3) {
            throw new IllegalArgumentException("space must be 0..3: space=" + space);
        }
        if (requesterId < 0 || requesterId > 0xffff) {
            throw new IllegalArgumentException("requesterId must be 0..0xffff: requesterId=" + requesterId);
        }
    }

    /** The same attributes with {@code secure} set as given. */
    public MemTxAttrs withSecure(boolean value) {
        return new MemTxAttrs(false, value, space, user, memory, requesterId);
    }

    /** The same attributes with {@code user} set as given. */
    public MemTxAttrs withUser(boolean value) {
        return new MemTxAttrs(false, secure, space, value, memory, requesterId);
    }

    /** The same attributes with {@code memory} (reach RAM only) set as given. */
    public MemTxAttrs withMemory(boolean value) {
        return new MemTxAttrs(false, secure, space, user, value, requesterId);
    }

    /** The same attributes issued by the given PCI requester. */
    public MemTxAttrs withRequesterId(int value) {
        return new MemTxAttrs(false, secure, space, user, memory, value);
    }
}
