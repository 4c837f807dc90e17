package io.github.sfnconnect.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The figures of a run: each as {@code {"connector": x, "baseline": y}} (baseline null where it does not apply), with
 * its goal; printed as a table and written as JSON with the workload, the machine and the details of every phase.
 */
final class Results {

    /** What a figure must reach; {@code test} sees the connector's value. */
    record Goal(String text, DoublePredicate test) {
        static final Goal NONE = new Goal("", v -> true);
    }

    private record Figure(String key, double connector, Double baseline, Goal goal) {
        Boolean met() {
            if (goal == Goal.NONE || Double.isNaN(connector)) {
                return goal == Goal.NONE ? null : Boolean.FALSE;
            }
            return goal.test().test(connector);
        }
    }

    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final Map<String, Object> header = new LinkedHashMap<>();

    void header(String key, Object value) {
        header.put(key, value);
    }

    void figure(String key, double connector, Double baseline, Goal goal) {
        figures.removeIf(f -> f.key().equals(key));
        figures.add(new Figure(key, connector, baseline, goal));
    }

    /** Measurements behind the figures, by phase. */
    void detail(String phase, Map<String, ?> values) {
        details.put(phase, values);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>(header);
        Map<String, Object> goals = new LinkedHashMap<>();
        for (Figure f : figures) {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("connector", finite(f.connector()));
            pair.put("baseline", f.baseline() == null ? null : finite(f.baseline()));
            json.put(f.key(), pair);
            if (f.goal() != Goal.NONE) {
                goals.put(f.key(), Map.of("goal", f.goal().text(), "met", f.met()));
            }
        }
        json.put("goals", goals);
        json.put("details", details);
        return json;
    }

    /** JSON has no NaN: a figure that could not be measured is null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    Path write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve("results.json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
        return file;
    }

    String table() {
        String[] head = {"figure", "connector", "baseline", "ratio (baseline/connector)", "goal", "met?"};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (Figure f : figures) {
            String ratio = f.baseline() == null || f.connector() == 0 || Double.isNaN(f.connector())
                    ? "" : format(f.baseline() / f.connector()) + "x";
            Boolean met = f.met();
            rows.add(new String[] {f.key(), format(f.connector()), f.baseline() == null ? "n/a" : format(f.baseline()),
                    ratio, f.goal().text(), met == null ? "" : met ? "yes" : "NO"});
        }
        int[] widths = new int[head.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append('|');
            for (int i = 0; i < head.length; i++) {
                out.append(' ').append(pad(rows.get(r)[i], widths[i], i > 0 && i < 4)).append(" |");
            }
            out.append('\n');
            if (r == 0) {
                out.append('|');
                for (int w : widths) {
                    out.append('-').append("-".repeat(w)).append("-|");
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    boolean allMet() {
        return figures.stream().allMatch(f -> f.met() == null || f.met());
    }
}
