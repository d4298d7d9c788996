package io.pmos.chat.providers;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** Starts the fake model providers with the application under test and hands them to fields marked {@link Fake}. */
public class FakeModelProvidersResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running fake. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Fake {
    }

    private FakeModelProviders fake;

    @Override
    public Map<String, String> start() {
        try {
            fake = new FakeModelProviders();
        } catch (Exception e) {
            throw new IllegalStateException("could not start the fake model providers", e);
        }
        return Map.of();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(fake, new TestInjector.AnnotatedAndMatchesType(Fake.class, FakeModelProviders.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
