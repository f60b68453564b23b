package dev.physmem.cli.board;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML mapping of a board file read as typed fields, each error naming the field and its
 * place. Keys given twice are rejected on construction; {@link #rejectUnknown} rejects the keys
 * nobody asked for, so that a misspelt field cannot pass silently.
 *
 * <p>Values are read from the scalar's text, not from YAML's implicit types: {@code 0x1000} is a
 * size because the board syntax says so ({@link Numbers}), and {@code yes} is not a boolean.
 */
final class MappingFields {
    private static final String SIZE = "a size like 0x1000 or 4K";
    private static final String ADDRESS = "an address like 0x1000 or 1G";
    private final String source;
    private final Node node;
    private final String prefix;
    private final Map<String, NodeTuple> entries;

    private MappingFields(String source, Node node, String prefix, Map<String, NodeTuple> entries) {
        this.source = source;
        this.node = node;
        this.prefix = prefix;
        this.entries = entries;
    }

    /**
     * Fields of {@code node}, which must be a mapping.
     *
     * @param field the name reported when {@code node} is not a mapping (null at the top level)
     * @param prefix prepended to every field name in messages ({@code "valid."}), or ""
     * @param what what the mapping describes, for the message when it is not one ("a region")
     */
    static MappingFields of(String source, Node node, String field, String prefix, String what)
            throws BoardFormatException {
        if (!(node instanceof MappingNode mapping)) {
            throw new BoardFormatException(Location.of(source, node), field,
                    "expected " + what + " (a mapping of 'key: value' lines), got " + describe(node));
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new BoardFormatException(Location.of(source, tuple.getKeyNode()), null,
                        "expected a field name, got " + describe(tuple.getKeyNode()));
            }
            NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
            if (first != null) {
                throw new BoardFormatException(Location.of(source, key), prefix + key.getValue(),
                        "given twice (first at line " + Location.of(source, first.getKeyNode()).line() + ")");
            }
        }
        return new MappingFields(source, node, prefix, entries);
    }

    /** Where the mapping starts. */
    Location where() {
        return Location.of(source, node);
    }

    /** Where {@code key}'s value starts, or where the mapping starts if the key is absent. */
    Location where(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? where() : Location.of(source, t.getValueNode());
    }

    /** The name used in messages for {@code key}. */
    String field(String key) {
        return prefix + key;
    }

    /** Whether {@code key} is present (even with an empty value). */
    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The keys present, in file order. */
    Set<String> keys() {
        return entries.keySet();
    }

    /** The value node of {@code key}, or null if absent. */
    Node node(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? null : t.getValueNode();
    }

    /**
     * Fails on the first key not in {@code allowed}.
     *
     * @param what what the mapping describes ("a ram region"), for the message
     */
    void rejectUnknown(Collection<String> allowed, String what) throws BoardFormatException {
        for (var e : entries.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new BoardFormatException(Location.of(source, e.getValue().getKeyNode()), field(e.getKey()),
                        "unknown field of " + what + Suggestions.didYouMean(e.getKey(), allowed)
                                + "; expected one of: " + String.join(", ", allowed));
            }
        }
    }

    /** Fails when {@code key} is present: it is not allowed in this place, for {@code reason}. */
    void reject(String key, String reason) throws BoardFormatException {
        NodeTuple t = entries.get(key);
        if (t != null) {
            throw new BoardFormatException(Location.of(source, t.getKeyNode()), field(key), reason);
        }
    }

    /** A required field's absence. */
    BoardFormatException missing(String key, String why) {
        return new BoardFormatException(where(), field(key), "missing; " + why);
    }

    private BoardFormatException absentOrEmpty(String key, String why, String expected) {
        return has(key) ? invalid(key, "expected " + expected + ", got nothing") : missing(key, why);
    }

    /** An error about {@code key}'s value. */
    BoardFormatException invalid(String key, String problem) {
        return new BoardFormatException(where(key), field(key), problem);
    }

    // ---------------------------------------------------------------- typed values

    /** A required non-empty string. */
    String string(String key, String why) throws BoardFormatException {
        String s = optionalString(key);
        if (s == null) {
            throw absentOrEmpty(key, why, "a string");
        }
        return s;
    }

    /** A non-empty string, or null when absent. */
    String optionalString(String key) throws BoardFormatException {
        String s = scalar(key, "a string");
        if (s != null && s.isEmpty()) {
            throw invalid(key, "expected a non-empty string, got ''");
        }
        return s;
    }

    /** A required size ({@link Numbers#parseSize}). */
    long size(String key, String why) throws BoardFormatException {
        if (scalar(key, SIZE) == null) {
            throw absentOrEmpty(key, why, SIZE);
        }
        return optionalSize(key, 0);
    }

    /** A size, or {@code absent} when the field is absent. */
    long optionalSize(String key, long absent) throws BoardFormatException {
        String s = scalar(key, SIZE);
        if (s == null) {
            return absent;
        }
        try {
            return Numbers.parseSize(s);
        } catch (NumberFormatException e) {
            throw invalid(key, "expected " + SIZE + ", got '" + s + "'" + hint(e));
        }
    }

    /** A required address or offset ({@link Numbers#parseAddress}). */
    long address(String key, String why) throws BoardFormatException {
        if (scalar(key, ADDRESS) == null) {
            throw absentOrEmpty(key, why, ADDRESS);
        }
        return optionalAddress(key, 0);
    }

    /** An address or offset, or {@code absent} when the field is absent. */
    long optionalAddress(String key, long absent) throws BoardFormatException {
        String s = scalar(key, ADDRESS);
        if (s == null) {
            return absent;
        }
        try {
            return Numbers.parseAddress(s);
        } catch (NumberFormatException e) {
            throw invalid(key, "expected " + ADDRESS + ", got '" + s + "'" + hint(e));
        }
    }

    /** A signed 32-bit decimal integer, or null when absent. */
    Integer optionalInt(String key, String what) throws BoardFormatException {
        String s = scalar(key, what);
        if (s == null) {
            return null;
        }
        String expected = "expected " + what + " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        if (!s.matches("[+-]?[0-9]+")) {
            throw invalid(key, expected + ", got '" + s + "'");
        }
        BigInteger v = new BigInteger(s.startsWith("+") ? s.substring(1) : s);
        if (v.bitLength() > 31) {
            throw invalid(key, expected + ", got " + s);
        }
        return v.intValue();
    }

    /** {@code true} or {@code false} (any case); {@code absent} when the field is absent. */
    boolean optionalBool(String key, boolean absent) throws BoardFormatException {
        String s = scalar(key, "true or false");
        if (s == null) {
            return absent;
        }
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "expected true or false, got '" + s + "'");
        };
    }

    /** One of {@code choices} (exact spelling), or null when absent. */
    String optionalChoice(String key, List<String> choices) throws BoardFormatException {
        String s = scalar(key, "one of " + String.join(", ", choices));
        if (s != null && !choices.contains(s)) {
            throw invalid(key, "expected one of " + String.join(", ", choices) + ", got '" + s + "'"
                    + Suggestions.didYouMean(s, choices));
        }
        return s;
    }

    /** The items of a list, or an empty list when the field is absent. */
    List<Node> optionalList(String key, String what) throws BoardFormatException {
        Node n = node(key);
        if (n == null || isNull(n)) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            throw invalid(key, "expected a list of " + what + " ('- ' lines), got " + describe(n));
        }
        return new ArrayList<>(seq.getValue());
    }

    /** The items of a required, non-empty list. */
    List<Node> list(String key, String what, String why) throws BoardFormatException {
        if (!has(key)) {
            throw missing(key, why);
        }
        List<Node> items = optionalList(key, what);
        if (items.isEmpty()) {
            throw invalid(key, "expected at least one of " + what + ", got an empty list; " + why);
        }
        return items;
    }

    /** A nested mapping's fields, or null when absent; its field names carry {@code key + "."}. */
    MappingFields optionalMapping(String key, String what) throws BoardFormatException {
        Node n = node(key);
        if (n == null) {
            return null;
        }
        return of(source, n, field(key), field(key) + ".", what);
    }

    /** The text of a scalar value; null when absent or empty ({@code key:} or {@code key: ~}). */
    private String scalar(String key, String expected) throws BoardFormatException {
        Node n = node(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (!(n instanceof ScalarNode scalar)) {
            throw invalid(key, "expected " + expected + ", got " + describe(n));
        }
        return scalar.getValue();
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && Tag.NULL.equals(s.getTag())
                && s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
    }

    private static String hint(NumberFormatException e) {
        String m = e.getMessage();
        return m == null || m.isEmpty() ? "" : " (" + m + ")";
    }

    /** "a list", "a mapping", "nothing" or the scalar's text in quotes. */
    static String describe(Node n) {
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (isNull(n)) {
            return "nothing";
        }
        return "'" + ((ScalarNode) n).getValue() + "'";
    }
}
