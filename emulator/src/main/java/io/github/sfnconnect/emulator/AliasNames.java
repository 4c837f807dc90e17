package io.github.sfnconnect.emulator;

/**
 * Alias names: the API's {@code CharacterRestrictedName}, 1 to 80 letters, digits, {@code _ - .}, at least one of
 * them not a digit, so that an alias can never be mistaken for a version number in a qualified ARN.
 */
final class AliasNames {
    private AliasNames() {
    }

    static void validate(String name) {
        Constraints.length("name", name, 1, Names.MAX_LENGTH);
        if (!name.matches("(?=.*[a-zA-Z_.\\-])[a-zA-Z0-9_.\\-]+")) {
            throw new ApiException(ErrorType.INVALID_NAME, "Invalid Name: '" + name + "'");
        }
    }
}
