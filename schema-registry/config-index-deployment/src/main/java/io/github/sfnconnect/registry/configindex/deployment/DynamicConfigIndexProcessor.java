package io.github.sfnconnect.registry.configindex.deployment;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Type;

import io.apicurio.common.apps.config.Dynamic;
import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import io.github.sfnconnect.registry.configindex.DynamicConfigPropertiesRecorder;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;

/**
 * Finds the registry's dynamic configuration properties, the injected fields annotated with both
 * {@code @ConfigProperty} and {@code @Dynamic} (declared as {@code Supplier<T>}), and provides them as the
 * {@link DynamicConfigPropertyList} bean the registry's configuration services inject.
 */
class DynamicConfigIndexProcessor {

    private static final DotName CONFIG_PROPERTY = DotName.createSimple(ConfigProperty.class.getName());
    private static final DotName DYNAMIC = DotName.createSimple(Dynamic.class.getName());

    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    void dynamicConfigPropertyList(DynamicConfigPropertiesRecorder recorder, BeanDiscoveryFinishedBuildItem beans,
                                   BuildProducer<SyntheticBeanBuildItem> syntheticBeans) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (InjectionPointInfo point : beans.getInjectionPoints()) {
            AnnotationInstance config = point.getRequiredQualifier(CONFIG_PROPERTY);
            if (config == null || !point.isField() || point.getTarget().asField().annotation(DYNAMIC) == null) {
                continue;
            }
            String name = config.value("name").asString();
            Type supplied = point.getRequiredType();
            if (supplied.kind() != Type.Kind.PARAMETERIZED_TYPE) {
                throw new IllegalStateException("Dynamic config property " + name + " must be injected as Supplier<T>");
            }
            AnnotationValue defaultValue = config.value("defaultValue");
            if (defaultValue == null) {
                throw new IllegalStateException("Dynamic config property " + name + " needs a defaultValue");
            }
            names.add(name);
            types.add(supplied.asParameterizedType().arguments().get(0).name().toString());
            defaults.add(defaultValue.asString());
        }
        syntheticBeans.produce(SyntheticBeanBuildItem.configure(DynamicConfigPropertyList.class)
                .runtimeValue(recorder.propertyList(names, types, defaults))
                .unremovable()
                .setRuntimeInit()
                .done());
    }
}
