package dev.physmem.migration;

/**
 * The layout of physmem's RAM migration stream: header, section tags, and the flags carried in
 * the low bits of each record's address word. QEMU counterpart: the {@code RAM_SAVE_FLAG_*}
 * constants of {@code migration/ram.c} and the {@code QEMU_VM_*} section tags of
 * {@code migration/savevm.c}. docs/MIGRATION-FORMAT.md describes the format and where it differs
 * from QEMU's.
 *
 * <h2>Shape</h2>
 * Every multi-byte number is big-endian.
 * {@snippet lang=text :
 * stream  := header START-section (PART-section)* END-section EOF
 * header  := u32 MAGIC  u32 VERSION  u32 PAGE_SIZE
 * section := u8 tag  record* EOS-word          (tag SECTION_START, SECTION_PART or SECTION_END)
 * START   := u64 (total | MEM_SIZE)  u32 count  count x (u8 len, idstr, u64 usedLength)  u64 EOS
 * record  := u64 (offsetInBlock | PAGE [| CONTINUE])  [u8 len, idstr]  PAGE_SIZE bytes
 *          | u64 (offsetInBlock | ZERO [| CONTINUE])  [u8 len, idstr]  u8 fill
 * EOF     := u8 SECTION_EOF
 * }
 * The idstr follows a record's word unless {@link #CONTINUE} says the page is in the same block
 * as the section's previous page.
 */
public final class RamStreamFormat {
    /** First four bytes of a stream: ASCII {@code "PHMG"}. */
    public static final int MAGIC = 0x50484d47;
    /** The only version this code reads and writes. */
    public static final int VERSION = 1;
    /** Bytes per page record: QEMU's {@code TARGET_PAGE_SIZE} for x86. */
    public static final int PAGE_SIZE = 4096;
    /** The address word's low bits that hold flags; the rest is an offset or a byte count. */
    public static final long FLAG_MASK = PAGE_SIZE - 1;

    /** A page whose every byte is the fill byte that follows. QEMU: {@code RAM_SAVE_FLAG_ZERO}. */
    public static final int ZERO = 0x02;
    /** The block list: the word holds the sum of the used lengths. QEMU: {@code RAM_SAVE_FLAG_MEM_SIZE}. */
    public static final int MEM_SIZE = 0x04;
    /** A page of {@link #PAGE_SIZE} bytes follows. QEMU: {@code RAM_SAVE_FLAG_PAGE}. */
    public static final int PAGE = 0x08;
    /** End of a section's records. QEMU: {@code RAM_SAVE_FLAG_EOS}. */
    public static final int EOS = 0x10;
    /** Same block as the section's previous page: no idstr follows. QEMU: {@code RAM_SAVE_FLAG_CONTINUE}. */
    public static final int CONTINUE = 0x20;
    /** Every flag this version knows. */
    public static final int KNOWN_FLAGS = ZERO | MEM_SIZE | PAGE | EOS | CONTINUE;

    /** The setup section: the block list. QEMU: {@code QEMU_VM_SECTION_START}. */
    public static final int SECTION_START = 0x01;
    /** One iteration's dirty pages. QEMU: {@code QEMU_VM_SECTION_PART}. */
    public static final int SECTION_PART = 0x02;
    /** The final pass, sent with the guest stopped. QEMU: {@code QEMU_VM_SECTION_END}. */
    public static final int SECTION_END = 0x03;
    /** The end marker: nothing follows. QEMU: {@code QEMU_VM_EOF}. */
    public static final int SECTION_EOF = 0x04;

    /** Longest idstr on the wire (its length is one byte), as in QEMU. */
    public static final int MAX_IDSTR = 255;

    private RamStreamFormat() {
    }

    /** A readable name of a section tag, for messages. */
    static String sectionName(int tag) {
        return switch (tag) {
            case SECTION_START -> "START";
            case SECTION_PART -> "PART";
            case SECTION_END -> "END";
            case SECTION_EOF -> "EOF";
            default -> "0x" + Integer.toHexString(tag);
        };
    }
}
