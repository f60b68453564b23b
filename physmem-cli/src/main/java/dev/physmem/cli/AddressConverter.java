package dev.physmem.cli;

import picocli.CommandLine;

/** Parses a guest address: {@code 0x...} hexadecimal (up to 2^64-1) or unsigned decimal. */
final class AddressConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String text) {
        String s = text.replace("_", "");
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not an address: '" + text + "' (try 0xfee00000)");
        }
    }
}
