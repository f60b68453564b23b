package dev.physmem.cli.board;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns board text into a YAML node tree that remembers where every node starts. Only the
 * composer runs: no object of any class is constructed from the text, and SnakeYAML's
 * {@link SafeConstructor} is configured in case anything asks. Anchors and aliases ({@code &x},
 * {@code *x}) and merge keys ({@code <<: *x}) work, with SnakeYAML's limits against alias bombs.
 */
final class YamlComposer {
    /** Board files are small; a megabyte of text is a mistake or an attack. */
    private static final int MAX_CODE_POINTS = 4 << 20;
    private static final int MAX_NESTING = 64;
    private static final int MAX_ALIASES = 200;

    private YamlComposer() {
    }

    /**
     * The single document of {@code text}.
     *
     * @throws BoardFormatException if the text is not YAML, holds several documents, or is empty
     */
    static Node compose(String text, String source) throws BoardFormatException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(true);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw new BoardFormatException(Location.of(source, e.getProblemMark()), null,
                    "not valid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new BoardFormatException(new Location(source, 1, 1), null, "not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            throw new BoardFormatException(new Location(source, 1, 1), null,
                    "the file is empty; expected a board with 'regions' and 'address-spaces'");
        }
        return root;
    }
}
