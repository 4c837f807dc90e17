package io.github.sfnconnect.registry.configindex;

import java.util.ArrayList;
import java.util.List;

import io.apicurio.common.apps.config.DynamicConfigPropertyDef;
import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import io.quarkus.runtime.RuntimeValue;
import io.quarkus.runtime.annotations.Recorder;

/**
 * Builds, when the registry starts, the list of its run-time-changeable ("dynamic") configuration properties that
 * the build step found. Takes plain strings: they are what bytecode recording carries most simply.
 */
@Recorder
public class DynamicConfigPropertiesRecorder {

    /** One property per index of the three lists: its name, value type (a class name) and default value. */
    public RuntimeValue<DynamicConfigPropertyList> propertyList(List<String> names, List<String> types,
                                                                List<String> defaults) {
        List<DynamicConfigPropertyDef> properties = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            properties.add(new DynamicConfigPropertyDef(names.get(i), load(types.get(i)), defaults.get(i)));
        }
        return new RuntimeValue<>(new DynamicConfigPropertyList(properties));
    }

    private static Class<?> load(String type) {
        try {
            return Class.forName(type, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Dynamic config property type " + type + " is not on the class path", e);
        }
    }
}
