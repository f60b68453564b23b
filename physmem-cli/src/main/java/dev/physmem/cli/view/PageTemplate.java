package dev.physmem.cli.view;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A text template with {@code {{name}}} placeholders (lowercase letters), filled in one pass: a
 * value is inserted as it is and never scanned for placeholders itself, so data that happens to
 * contain {@code {{title}}} stays data.
 *
 * <p>Immutable; {@link #fill} may be called from any thread.
 */
final class PageTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z]+)}}");

    /** Literal text and placeholder names, alternating: literal, name, literal, ..., literal. */
    private final List<String> parts;

    private PageTemplate(List<String> parts) {
        this.parts = List.copyOf(parts);
    }

    /** A template of {@code text}. */
    static PageTemplate of(String text) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            parts.add(text.substring(at, m.start()));
            parts.add(m.group(1));
            at = m.end();
        }
        parts.add(text.substring(at));
        return new PageTemplate(parts);
    }

    /**
     * The UTF-8 resource {@code name}, relative to this package on the class path.
     *
     * @throws IllegalStateException if the resource is missing
     * @throws UncheckedIOException if it cannot be read
     */
    static String resource(String name) {
        try (InputStream in = PageTemplate.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the class path: name=" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource: name=" + name, e);
        }
    }

    /** The placeholder names, in order of first appearance. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i < parts.size(); i += 2) {
            if (!names.contains(parts.get(i))) {
                names.add(parts.get(i));
            }
        }
        return names;
    }

    /**
     * The text with every placeholder replaced by its value.
     *
     * @throws IllegalArgumentException if a placeholder has no value, or a value no placeholder
     */
    String fill(Map<String, String> values) {
        Set<String> unused = new HashSet<>(values.keySet());
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (i % 2 == 0) {
                out.append(part);
                continue;
            }
            String value = values.get(part);
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder: name=" + part);
            }
            out.append(value);
            unused.remove(part);
        }
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("values without a placeholder: names=" + unused);
        }
        return out.toString();
    }
}
