package dev.helloasync.tracing;

import io.quarkus.runtime.annotations.StaticInitSafe;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Tracing is off until an OTLP endpoint is named: {@code quarkus.otel.sdk.disabled}, unless set
 * explicitly, is true when neither {@code quarkus.otel.exporter.otlp.endpoint} nor
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} is set. So one environment variable
 * ({@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}) switches tracing on, and a pod without a collector
 * installs no tracer, starts no exporter and tries no connection.
 * <p>
 * Why an interceptor: Quarkus's exporter always has an endpoint (it falls back to
 * {@code http://localhost:4317}), and a config expression cannot turn "is this set?" into a boolean.
 * A value counts as set when it is not blank and comes from a real source (application.properties,
 * the environment, system properties...), not from the defaults Quarkus registers at the lowest
 * ordinals. {@code TracingTest} (an endpoint: spans) and {@code TracingOffTest} (none: no connection) hold it to what it claims.
 */
@StaticInitSafe
public class TracingSwitch implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || isSet(value)) {
            return value;
        }
        boolean endpoint = isSet(context.proceed(TRACES_ENDPOINT)) || isSet(context.proceed(ENDPOINT));
        ConfigValue base = value != null ? value : ConfigValue.builder().withName(name).build();
        return base.withValue(Boolean.toString(!endpoint));
    }

    /** Set by a source of its own: the defaults' sources sit at ordinals near Integer.MIN_VALUE. */
    static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > 0;
    }
}
