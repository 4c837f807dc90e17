package io.github.sfnconnect.record;

import org.apache.kafka.connect.errors.ConnectException;

import io.github.sfnconnect.model.ExecutionDetails;

/**
 * Keeps an execution's payload fields within a {@link PayloadLimit}: cuts input and output, or refuses. Sizes are
 * counted as a JSON string carries them (UTF-8, with the escapes a JSON converter adds: input and output are JSON
 * text, whose quotes and backslashes double), so that a record within the limit also fits the producer's
 * {@code max.request.size} with JsonConverter, which escapes them; with Avro the count is an upper bound.
 */
final class Payloads {

    /** The execution with payloads that fit, and which of them were cut. */
    record Fitted(ExecutionDetails details, boolean inputTruncated, boolean outputTruncated) {
    }

    private Payloads() {
    }

    static Fitted fit(ExecutionDetails d, PayloadLimit limit) {
        int input = encodedLength(d.input());
        int output = encodedLength(d.output());
        int fixed = encodedLength(d.error()) + encodedLength(d.cause());
        long total = (long) input + output + fixed;
        if (total <= limit.maxBytes()) {
            return new Fitted(d, false, false);
        }
        String advice = "raise payload.max.bytes together with the producer's max.request.size "
                + "(producer.override.max.request.size), set payload.oversize.behavior=truncate, or set "
                + "execution.detail=metadata (no input or output in records)";
        if (!limit.truncate() || fixed > limit.maxBytes()) {
            throw new ConnectException("Execution " + d.executionArn() + " (" + d.status() + ") has " + total
                    + " bytes of input, output, error and cause (as JSON strings, escapes included), more than "
                    + "payload.max.bytes=" + limit.maxBytes()
                    + "; " + (limit.truncate() ? "its error and cause alone are too large; " : "") + advice);
        }
        // share what is left between input and output, giving the smaller one all it needs
        int room = limit.maxBytes() - fixed;
        int outputRoom = Math.min(output, Math.max(room / 2, room - input));
        int inputRoom = Math.min(input, room - outputRoom);
        String cutInput = cut(d.input(), inputRoom);
        String cutOutput = cut(d.output(), outputRoom);
        ExecutionDetails fitted = new ExecutionDetails(d.executionArn(), d.stateMachineArn(), d.name(), d.status(),
                d.startDateMs(), d.stopDateMs(), cutInput, d.inputIncluded(), cutOutput, d.outputIncluded(), d.error(),
                d.cause(), d.traceHeader(), d.mapRunArn(), d.stateMachineVersionArn(), d.stateMachineAliasArn(),
                d.redriveCount(), d.redriveDateMs(), d.redriveStatus(), d.redriveStatusReason());
        return new Fitted(fitted, inputRoom < input, outputRoom < output);
    }

    /** UTF-8 bytes of {@code s} inside a JSON string: quote and backslash escaped, control characters too. */
    static int encodedLength(String s) {
        if (s == null) {
            return 0;
        }
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            length += encodedLength(s, i);
            if (Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()) {
                i++; // the pair is one 4-byte character
            }
        }
        return length;
    }

    private static int encodedLength(String s, int i) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
            return 2;
        }
        if (c < 0x20) {
            return c == '\b' || c == '\t' || c == '\n' || c == '\f' || c == '\r' ? 2 : 6;
        }
        if (c < 0x80) {
            return 1;
        }
        if (c < 0x800) {
            return 2;
        }
        return Character.isHighSurrogate(c) && i + 1 < s.length() ? 4 : 3;
    }

    /** The longest prefix of {@code s} whose encoded length is at most {@code maxBytes}, never splitting a character. */
    static String cut(String s, int maxBytes) {
        if (s == null) {
            return null;
        }
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            int next = encodedLength(s, i);
            if (length + next > maxBytes) {
                return s.substring(0, i);
            }
            length += next;
            if (Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length()) {
                i++;
            }
        }
        return s;
    }
}
