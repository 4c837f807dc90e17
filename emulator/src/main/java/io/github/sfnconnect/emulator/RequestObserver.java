package io.github.sfnconnect.emulator;

/**
 * Told of every HTTP request the emulator answers ({@link StepFunctionsEmulator#observe}), for measuring a client
 * from the service's side: when it called, what it asked and what it was told. It runs on the thread that serves the
 * request, before the answer is written, so the client has not seen the answer yet; keep it quick, as a slow
 * observer delays the answer. What it throws is logged and otherwise ignored: it cannot change an answer.
 */
@FunctionalInterface
public interface RequestObserver {
    void answered(ObservedRequest request);
}
