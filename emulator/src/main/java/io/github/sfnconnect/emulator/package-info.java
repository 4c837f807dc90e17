/** A wire-level AWS Step Functions emulator (AWS JSON 1.0 over HTTP) for tests and demos; start with {@link io.github.sfnconnect.emulator.StepFunctionsEmulator}. */
package io.github.sfnconnect.emulator;
