package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.recipe.DefaultArtifacts;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;

import java.lang.reflect.Field;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Predicate;

/**
 * Boots the VMs that {@link MicroVM} fields and parameters ask for. VMs are kept in JUnit's
 * {@link ExtensionContext.Store} as closeable values, so JUnit stops and removes them when their
 * scope (test method or class) ends, whatever the outcome.
 */
public final class IgniteExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {
    private static final Namespace NAMESPACE = Namespace.create(IgniteExtension.class);

    /** The VMs one scope (a test method or class) owns, closed by JUnit with it, newest first. */
    private static final class ScopedVms implements AutoCloseable {
        private final Deque<Vm> vms = new ConcurrentLinkedDeque<>();

        @Override
        public void close() {
            RuntimeException failure = null;
            for (Vm vm : vms) {
                try {
                    vm.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** The engine, one per test run, shared by all classes. */
    private record Engine(Ignite ignite) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        injectFields(context, null, ModifierSupport::isStatic);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            injectFields(context, instance, ModifierSupport::isNotStatic);
        }
    }

    private void injectFields(ExtensionContext context, Object instance, Predicate<Field> scope) {
        Class<?> testClass = instance != null ? instance.getClass() : context.getRequiredTestClass();
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, MicroVM.class, scope,
                HierarchyTraversalMode.TOP_DOWN);
        for (Field field : fields) {
            if (!Vm.class.isAssignableFrom(field.getType())) {
                throw new ExtensionConfigurationException(String.format(
                        "@MicroVM field [%s] must be of type %s but was: %s", field, Vm.class.getName(),
                        field.getType().getName()));
            }
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@MicroVM field [" + field + "] must not be final");
            }
            MicroVM annotation = field.getAnnotation(MicroVM.class);
            Vm vm = start(context, annotation, field.getName());
            try {
                field.setAccessible(true);
                field.set(instance, vm);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException("cannot set @MicroVM field [" + field + "]", e);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.isAnnotated(MicroVM.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        var parameter = parameterContext.getParameter();
        if (!Vm.class.isAssignableFrom(parameter.getType())) {
            throw new ParameterResolutionException(String.format("@MicroVM parameter [%s] must be of type %s but was: %s",
                    parameter, Vm.class.getName(), parameter.getType().getName()));
        }
        MicroVM annotation = parameterContext.findAnnotation(MicroVM.class).orElseThrow();
        return start(extensionContext, annotation, parameter.getName());
    }

    private Vm start(ExtensionContext context, MicroVM annotation, String element) {
        Ignite ignite = engine(context);
        ensureDefaults(ignite, annotation);
        VmSpec.Builder spec = VmSpec.builder(annotation.image(), annotation.kernel())
                .setCpus(annotation.cpus())
                .setMemoryMib(annotation.memoryMib())
                .setNetwork(annotation.network())
                .putLabel("junit.test", context.getUniqueId())
                .putLabel("junit.element", element);
        for (String arg : annotation.kernelArgs()) {
            spec.addKernelArg(arg);
        }
        Vm vm = ignite.run(spec.build());
        scoped(context).vms.addFirst(vm);
        return vm;
    }

    private static ScopedVms scoped(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(ScopedVms.class, key -> new ScopedVms(), ScopedVms.class);
    }

    /**
     * A failed test carries the console of every VM it could see (its own and its classes'): the
     * tail is attached to the failure and published as a report entry, so Surefire reports show it.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        for (Optional<ExtensionContext> scope = Optional.of(context); scope.isPresent();
             scope = scope.get().getParent()) {
            ScopedVms vms = scope.get().getStore(NAMESPACE).get(ScopedVms.class, ScopedVms.class);
            if (vms == null) {
                continue;
            }
            for (Vm vm : vms.vms) {
                VmDiagnostics diagnostics = VmDiagnostics.of(vm);
                failure.addSuppressed(diagnostics);
                context.publishReportEntry("ignite.vm." + vm.name(), diagnostics.getMessage());
            }
        }
        throw failure;
    }

    private static Ignite engine(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Engine.class, key -> new Engine(Ignite.open()), Engine.class).ignite();
    }

    private static void ensureDefaults(Ignite ignite, MicroVM annotation) {
        if (Ignite.DEFAULT_KERNEL.equals(annotation.kernel())) {
            DefaultArtifacts.ensureKernel(ignite, message -> System.err.println("[ignite] " + message));
        }
        if (Ignite.DEFAULT_IMAGE.equals(annotation.image())) {
            DefaultArtifacts.ensureImage(ignite, message -> System.err.println("[ignite] " + message));
        }
    }
}
