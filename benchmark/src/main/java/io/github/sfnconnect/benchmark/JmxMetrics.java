package io.github.sfnconnect.benchmark;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Reads the connector's own metrics from the platform MBean server (the worker runs in this JVM). */
final class JmxMetrics {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    private JmxMetrics() {
    }

    /** The sum of a state-machine metric over every task and state machine of a connector; -1 if none is there. */
    static long sum(String connector, String attribute) {
        try {
            ObjectName pattern = new ObjectName("kafka.connect.stepfunctions:type=state-machine-metrics,connector="
                    + ObjectName.quote(connector) + ",*");
            var names = SERVER.queryNames(pattern, null);
            if (names.isEmpty()) {
                // the connector name may be registered unquoted
                names = SERVER.queryNames(new ObjectName("kafka.connect.stepfunctions:type=state-machine-metrics,"
                        + "connector=" + connector + ",*"), null);
            }
            if (names.isEmpty()) {
                return -1;
            }
            double total = 0;
            for (ObjectName name : names) {
                Object value = SERVER.getAttribute(name, attribute);
                total += value instanceof Number n ? n.doubleValue() : 0;
            }
            return Math.round(total);
        } catch (JMException e) {
            return -1;
        }
    }
}
