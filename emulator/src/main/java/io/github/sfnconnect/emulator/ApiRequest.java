package io.github.sfnconnect.emulator;

/** One AWS JSON 1.0 call as it reached the server: the action named by X-Amz-Target and the raw JSON body. */
record ApiRequest(String action, String body) {
}
