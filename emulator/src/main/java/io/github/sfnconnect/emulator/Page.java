package io.github.sfnconnect.emulator;

import java.util.List;
import java.util.Optional;

/** One page of a listing, with the position of its last item when more items follow. */
record Page<T>(List<T> items, Optional<SortKey> continueAfter) {
}
