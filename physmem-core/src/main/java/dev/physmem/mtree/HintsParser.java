package dev.physmem.mtree;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses a hints file (HINTS.md): one {@code KEYWORD ARGUMENT} per line; blank lines and lines
 * starting with {@code #} are ignored. This checks syntax only; {@link HintResolver} checks what the
 * references point at.
 *
 * <p>A REF may end with {@code " #K"} (K decimal, 0-based) to pick the K-th of several distinct
 * regions that print the same line. The two REFs of {@code later} and {@code target} are separated by
 * {@code " ; "}; since a REF from an {@code -o} dump ends with {@code '}'}, the separator is the first
 * {@code " ; "} that follows a {@code '}'} or a {@code #K}.
 */
final class HintsParser {
    private final List<Hints.AsHint> addressSpaces = new ArrayList<>();
    private final List<Hints.RegionHint> regionHints = new ArrayList<>();
    private Hints.AccelHint accel;

    private HintsParser() {
    }

    /**
     * Parses {@code hints}; null or empty means no hints.
     *
     * @throws MtreeFormatException at the first malformed line
     */
    static Hints parse(String hints) {
        if (hints == null || hints.isEmpty()) {
            return Hints.NONE;
        }
        HintsParser parser = new HintsParser();
        List<String> lines = hints.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (!text.isBlank() && !text.startsWith("#")) {
                parser.line(new Hints.Source(i + 1, text));
            }
        }
        return new Hints(List.copyOf(parser.addressSpaces), parser.accel, List.copyOf(parser.regionHints));
    }

    private void line(Hints.Source source) {
        String text = source.text();
        int space = text.indexOf(' ');
        String keyword = space < 0 ? text : text.substring(0, space);
        String argument = space < 0 ? "" : text.substring(space + 1);
        if (argument.isEmpty()) {
            throw source.error("expected KEYWORD ARGUMENT");
        }
        switch (keyword) {
            case "as" -> addressSpaces.add(addressSpace(argument, source));
            case "accel" -> {
                if (accel != null) {
                    throw source.error("expected one accel line, but line " + accel.source().number() + " has one");
                }
                accel = new Hints.AccelHint(accel(argument, source), source);
            }
            default -> regionHints.add(regionHint(keyword, argument, source));
        }
    }

    /** {@code "NAME", root: ROOT}. */
    private static Hints.AsHint addressSpace(String argument, Hints.Source source) {
        String separator = "\", root: ";
        int end = argument.indexOf(separator);
        if (!argument.startsWith("\"") || end < 0 || end + separator.length() == argument.length()) {
            throw source.error("expected as \"NAME\", root: ROOT");
        }
        return new Hints.AsHint(argument.substring(1, end), argument.substring(end + separator.length()), source);
    }

    /** {@code NAME PAGESIZE AS...}; PAGESIZE hex with {@code 0x} or decimal; AS names quoted or bare. */
    private static MtreeOptions.Accel accel(String argument, Hints.Source source) {
        List<String> words = words(argument, source);
        if (words.size() < 3) {
            throw source.error("expected accel NAME PAGESIZE AS... (at least one address space)");
        }
        long pageSize;
        String size = words.get(1);
        try {
            pageSize = size.startsWith("0x") || size.startsWith("0X")
                    ? Long.parseUnsignedLong(size.substring(2), 16)
                    : Long.parseLong(size);
        } catch (NumberFormatException e) {
            throw source.error("expected PAGESIZE as 0x-prefixed hex or decimal, but found \"" + size + "\"");
        }
        try {
            return new MtreeOptions.Accel(words.getFirst(), pageSize, words.subList(2, words.size()));
        } catch (IllegalArgumentException e) {
            throw source.error("expected a valid accelerator: " + e.getMessage());
        }
    }

    /** Space-separated words; a word in double quotes may contain spaces. */
    private static List<String> words(String argument, Hints.Source source) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < argument.length()) {
            if (argument.charAt(i) == ' ') {
                i++;
            } else if (argument.charAt(i) == '"') {
                int close = argument.indexOf('"', i + 1);
                if (close < 0) {
                    throw source.error("expected a closing '\"'");
                }
                words.add(argument.substring(i + 1, close));
                i = close + 1;
            } else {
                int end = argument.indexOf(' ', i);
                end = end < 0 ? argument.length() : end;
                words.add(argument.substring(i, end));
                i = end;
            }
        }
        return words;
    }

    private static Hints.RegionHint regionHint(String word, String argument, Hints.Source source) {
        Hints.Keyword keyword = null;
        for (Hints.Keyword k : Hints.Keyword.values()) {
            if (k.word.equals(word)) {
                keyword = k;
            }
        }
        if (keyword == null) {
            throw source.error("expected a keyword as, accel, handlers, container, readonly, size0, later or "
                    + "target, but found \"" + word + "\"");
        }
        if (!keyword.isPair()) {
            return new Hints.RegionHint(keyword, ref(argument), null, source);
        }
        int separator = pairSeparator(argument);
        if (separator < 0) {
            throw source.error("expected " + word + " REF ; REF");
        }
        return new Hints.RegionHint(keyword, ref(argument.substring(0, separator)),
                ref(argument.substring(separator + 3)), source);
    }

    private static int pairSeparator(String argument) {
        int first = argument.indexOf(" ; ");
        for (int i = first; i >= 0; i = argument.indexOf(" ; ", i + 1)) {
            String left = argument.substring(0, i);
            if (left.endsWith("}") || ref(left).index() >= 0) {
                return i;
            }
        }
        return first;
    }

    /** A REF, with its trailing {@code " #K"} (up to 9 digits) split off. */
    private static Hints.Ref ref(String text) {
        int hash = text.lastIndexOf(" #");
        String digits = hash < 0 ? "" : text.substring(hash + 2);
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Hints.Ref(text, -1);
        }
        return new Hints.Ref(text.substring(0, hash), Integer.parseInt(digits));
    }
}
