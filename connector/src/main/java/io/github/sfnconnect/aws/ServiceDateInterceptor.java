package io.github.sfnconnect.aws;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Passes the {@code Date} header of every response (every attempt, errors included) to the listener: the service's
 * clock, against which the connector judges the API's timestamps instead of the worker's clock.
 */
final class ServiceDateInterceptor implements ExecutionInterceptor {

    private final ApiCallListener listener;

    ServiceDateInterceptor(ApiCallListener listener) {
        this.listener = listener;
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes executionAttributes) {
        context.httpResponse().firstMatchingHeader("Date").ifPresent(date -> {
            try {
                listener.serviceDate(ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
                        .toEpochMilli());
            } catch (DateTimeParseException e) {
                // a proxy's malformed header: the API's own timestamps still bound the service's time
            }
        });
    }
}
