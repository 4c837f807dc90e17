package io.github.sfnconnect.emulator;

/** Validation of state machine and execution names by the rules of the API's {@code Name} shape. */
final class Names {
    static final int MAX_LENGTH = 80;
    private static final String FORBIDDEN = "<>{}[]?*\"#%\\^|~`$&,;:/";

    private Names() {
    }

    /** Length violations are model constraints (ValidationException); bad characters are InvalidName. */
    static void validate(String field, String name) {
        Constraints.length(field, name, 1, MAX_LENGTH);
        int offset = 0;
        while (offset < name.length()) {
            int c = name.codePointAt(offset);
            if (forbidden(c)) {
                throw new ApiException(ErrorType.INVALID_NAME, "Invalid Name: '" + name + "'");
            }
            offset += Character.charCount(c);
        }
    }

    private static boolean forbidden(int c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || c <= 0x1F
                || (c >= 0x7F && c <= 0x9F)
                || FORBIDDEN.indexOf(c) >= 0;
    }
}
