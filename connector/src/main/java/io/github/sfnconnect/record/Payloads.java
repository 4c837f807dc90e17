package io.github.sfnconnect.record;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.connect.errors.ConnectException;

import io.github.sfnconnect.model.ExecutionDetails;

/** Keeps an execution's payload fields within a {@link PayloadLimit}: cuts input and output, or refuses. */
final class Payloads {

    /** The execution with payloads that fit, and which of them were cut. */
    record Fitted(ExecutionDetails details, boolean inputTruncated, boolean outputTruncated) {
    }

    private Payloads() {
    }

    static Fitted fit(ExecutionDetails d, PayloadLimit limit) {
        int input = utf8Length(d.input());
        int output = utf8Length(d.output());
        int fixed = utf8Length(d.error()) + utf8Length(d.cause());
        long total = (long) input + output + fixed;
        if (total <= limit.maxBytes()) {
            return new Fitted(d, false, false);
        }
        String advice = "raise payload.max.bytes together with the producer's max.request.size "
                + "(producer.override.max.request.size), set payload.oversize.behavior=truncate, or set "
                + "execution.detail=metadata (no input or output in records)";
        if (!limit.truncate() || fixed > limit.maxBytes()) {
            throw new ConnectException("Execution " + d.executionArn() + " (" + d.status() + ") has " + total
                    + " bytes of input, output, error and cause, more than payload.max.bytes=" + limit.maxBytes()
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

    static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code s} of at most {@code maxBytes} UTF-8 bytes that does not split a character. */
    static String cut(String s, int maxBytes) {
        if (s == null) {
            return null;
        }
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return s;
        }
        int end = maxBytes;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // back off a continuation byte: never split a multi-byte character
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
