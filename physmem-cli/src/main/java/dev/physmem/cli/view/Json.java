package dev.physmem.cli.view;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Writes records, lists, strings, integers, booleans and null as JSON text that is safe to place
 * inside an HTML {@code <script type="application/json">} element.
 *
 * <h2>Characteristics</h2>
 * A record becomes an object whose keys are its component names, in declaration order. The
 * output is pure ASCII: every character outside printable ASCII, and {@code <}, {@code >},
 * {@code &}, {@code '}, is written as a {@code \}{@code uXXXX} escape, so no text a region name
 * carries ({@code </script>}, {@code <!--}, U+2028, a lone surrogate) can end the element or be
 * read as markup, and the page's byte encoding cannot matter. {@code JSON.parse} restores the
 * exact strings.
 */
final class Json {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * {@code value} as JSON text.
     *
     * @throws IllegalArgumentException if it holds a value of another type
     */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    private static void append(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b.booleanValue());
            case Integer i -> out.append(i.intValue());
            case Long l -> out.append(l.longValue());
            case List<?> list -> array(out, list);
            case Record r -> object(out, r);
            default -> throw new IllegalArgumentException("not writable as JSON: type=" + value.getClass().getName());
        }
    }

    private static void array(StringBuilder out, List<?> list) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            append(out, list.get(i));
        }
        out.append(']');
    }

    private static void object(StringBuilder out, Record record) {
        out.append('{');
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(out, components[i].getName());
            out.append(':');
            append(out, valueOf(record, components[i]));
        }
        out.append('}');
    }

    private static Object valueOf(Record record, RecordComponent component) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("unreadable record component: record="
                    + record.getClass().getName() + " component=" + component.getName(), e);
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&' || c == '\'') {
                        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
                                .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
