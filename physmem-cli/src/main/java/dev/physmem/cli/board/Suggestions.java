package dev.physmem.cli.board;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt field names, kinds and references. */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * {@code " (did you mean 'x'?)"} for the candidate closest to {@code typed}, or the empty
     * string when none is close: within one edit for words of 3 to 5 characters, two for longer
     * ones, and never for shorter ones (every short word is close to every other).
     */
    static String didYouMean(String typed, Collection<String> candidates) {
        int maxDistance = typed.length() < 3 ? 0 : Math.min(2, Math.max(1, typed.length() / 3));
        String best = null;
        int bestDistance = maxDistance + 1;
        for (String candidate : candidates) {
            int d = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
