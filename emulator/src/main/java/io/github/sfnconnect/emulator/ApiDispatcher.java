package io.github.sfnconnect.emulator;

/**
 * Turns one request into one response. It is the single seam between the HTTP front end and the API
 * logic, so a layer that injects faults (throttling, delays, errors) can wrap it as a decorator.
 */
@FunctionalInterface
interface ApiDispatcher {
    ApiResponse dispatch(ApiRequest request);
}
