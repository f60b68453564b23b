package dev.physmem.cli.view;

/** Addresses and offsets as {@code info mtree} prints them: 16 lowercase hex digits, unsigned. */
final class Hex {
    private Hex() {
    }

    /** {@code value} as {@code %016x}. */
    static String of(long value) {
        return String.format("%016x", value);
    }
}
