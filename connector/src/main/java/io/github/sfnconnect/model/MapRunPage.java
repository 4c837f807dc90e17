package io.github.sfnconnect.model;

import java.util.List;

/** A page of {@code ListMapRuns}; {@code nextToken} null on the last one. */
public record MapRunPage(List<MapRunSummary> mapRuns, String nextToken) {

    public MapRunPage {
        mapRuns = List.copyOf(mapRuns);
    }
}
