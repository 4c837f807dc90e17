package io.github.sfnconnect.record;

import java.util.List;

/** Where two texts first differ, with a few lines of context: enough to see what changed in a golden file. */
final class LineDiff {

    private static final int CONTEXT = 3;

    /** Null if the texts are equal. */
    static String firstDifference(String expected, String actual) {
        if (expected.equals(actual)) {
            return null;
        }
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        int line = 0;
        while (line < e.size() && line < a.size() && e.get(line).equals(a.get(line))) {
            line++;
        }
        int from = Math.max(0, line - CONTEXT);
        StringBuilder sb = new StringBuilder("first difference at line ").append(line + 1).append('\n');
        sb.append("--- shipped\n");
        append(sb, e, from, line + CONTEXT + 1);
        sb.append("+++ generated\n");
        append(sb, a, from, line + CONTEXT + 1);
        return sb.toString();
    }

    private static void append(StringBuilder sb, List<String> lines, int from, int to) {
        for (int i = from; i < Math.min(to, lines.size()); i++) {
            sb.append(String.format("%4d  %s%n", i + 1, lines.get(i)));
        }
    }

    private LineDiff() {
    }
}
