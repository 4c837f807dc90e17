package io.github.sfnconnect.emulator;

/** Validation of state machine and execution names, and of Map Run labels, by the API's rules. */
final class Names {
    static final int MAX_LENGTH = 80;
    /**
     * A Distributed Map's {@code Label} (developer guide, "Using Map state in Distributed mode", Label): "Labels
     * can't exceed 40 characters in length".
     */
    static final int MAX_LABEL_LENGTH = 40;
    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";
    /**
     * The characters the same guide forbids in labels: wildcards, brackets and {@code : ; , \ | ^ ~ $ # % & ` "}.
     * Unlike names, labels may contain {@code /}; a labelled ARN ({@code <stateMachineName>/<label>}) stays
     * unambiguous because state machine names cannot.
     */
    private static final String FORBIDDEN_IN_LABELS = "<>{}[]?*:;,\\|^~$#%&`\"";

    private Names() {
    }

    /** Length violations are model constraints (ValidationException); bad characters are InvalidName. */
    static void validate(String field, String name) {
        Constraints.length(field, name, 1, MAX_LENGTH);
        if (!allowedCharacters(name, FORBIDDEN)) {
            throw new ApiException(ErrorType.INVALID_NAME, "Invalid Name: '" + name + "'");
        }
    }

    /** Whether a Map Run label is one the Distributed Map state accepts. */
    static boolean validLabel(String label) {
        int length = label.codePointCount(0, label.length());
        return length >= 1 && length <= MAX_LABEL_LENGTH && allowedCharacters(label, FORBIDDEN_IN_LABELS);
    }

    private static boolean allowedCharacters(String text, String forbidden) {
        int offset = 0;
        while (offset < text.length()) {
            int c = text.codePointAt(offset);
            if (forbidden(c, forbidden)) {
                return false;
            }
            offset += Character.charCount(c);
        }
        return true;
    }

    private static boolean forbidden(int c, String forbidden) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c <= 0x1F
                || (c >= 0x7F && c <= 0x9F)
                || forbidden.indexOf(c) >= 0;
    }
}
