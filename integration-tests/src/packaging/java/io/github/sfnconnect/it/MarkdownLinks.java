package io.github.sfnconnect.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links of a Markdown document and the anchors GitHub gives its headings, for checking that the documents in a
 * plugin archive link only to what the archive holds. Text in code blocks and code spans is not Markdown and is
 * skipped.
 */
final class MarkdownLinks {

    /** [text](target "title") and ![alt](target), the text possibly spanning lines or holding [brackets]. */
    private static final Pattern INLINE =
            Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** [label]: target */
    private static final Pattern REFERENCE = Pattern.compile("(?m)^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");
    private static final Pattern HTML = Pattern.compile("(?i)\\b(?:href|src)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern HTML_ANCHOR = Pattern.compile("(?i)<a\\s+(?:name|id)\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1", Pattern.DOTALL);
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private MarkdownLinks() {
    }

    /** Every link target of the document (inline, reference definitions, HTML href and src), in order. */
    static List<String> targets(String markdown) {
        String text = CODE_SPAN.matcher(withoutCodeBlocks(markdown)).replaceAll("");
        List<String> out = new ArrayList<>();
        for (Pattern pattern : List.of(INLINE, REFERENCE, HTML)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    /** Whether a target leaves the archive (a URL, mail address and so on) rather than naming a file in it. */
    static boolean isExternal(String target) {
        return SCHEME.matcher(target).find() || target.startsWith("//");
    }

    /**
     * The anchors a link can name in the document: GitHub's ids of its headings (lower case, punctuation dropped,
     * spaces as hyphens, "-1", "-2" for repeats) and explicit {@code <a name/id>} anchors.
     */
    static Set<String> anchors(String markdown) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        String text = withoutCodeBlocks(markdown);
        for (String line : text.split("\n", -1)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                out.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
        }
        Matcher anchor = HTML_ANCHOR.matcher(text);
        while (anchor.find()) {
            out.add(anchor.group(1));
        }
        return out;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1"); // a link in a heading: its text
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "").replace(' ', '-');
    }

    /** The document with the lines of fenced code blocks blanked (line numbers kept). */
    private static String withoutCodeBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            String stripped = line.strip();
            if (fence == null && (stripped.startsWith("```") || stripped.startsWith("~~~"))) {
                fence = stripped.substring(0, 3);
                out.append('\n');
            } else if (fence != null) {
                if (stripped.startsWith(fence)) {
                    fence = null;
                }
                out.append('\n');
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
