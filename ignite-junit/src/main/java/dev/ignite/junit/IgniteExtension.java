package dev.ignite.junit;

import dev.ignite.engine.Ignite;
import dev.ignite.engine.recipe.OnTheSpot;
import dev.ignite.engine.vm.BootMode;
import dev.ignite.engine.vm.LaunchListener;
import dev.ignite.engine.vm.LaunchOptions;
import dev.ignite.engine.vmm.Ownership;
import dev.ignite.engine.vm.Vm;
import dev.ignite.engine.vm.VmSpec;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.params.ParameterInfo;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Boots the VMs that {@link MicroVM} fields and parameters ask for. Every annotation of a class is
 * checked before its first VM boots. VMs are kept in JUnit's {@link ExtensionContext.Store} as
 * closeable values, so JUnit stops and removes them when their scope (test method, class, launcher
 * session for shared scopes) ends, whatever the outcome.
 */
public final class IgniteExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver, TestExecutionExceptionHandler {
    private static final Namespace NAMESPACE = Namespace.create(IgniteExtension.class);
    /** Configuration parameter: leave the VMs of a failed test running for inspection. */
    public static final String KEEP_FAILED = "ignite.junit.keepFailedVms";

    /** The engine, one per launcher session, shared by all classes; closed with the session. */
    private record Engine(Ignite ignite) implements AutoCloseable {
        @Override
        public void close() {
            ignite.close();
        }
    }

    /** Marks a test instance whose fields were filled for its whole class ({@code PER_CLASS}). */
    private record ClassScopedInstance(Object instance) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        validate(testClass, engine(context));
        injectFields(context, testClass, null, ModifierSupport::isStatic);
        if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS) {
            Object instance = context.getRequiredTestInstance();
            injectFields(context, testClass, instance, ModifierSupport::isNotStatic);
            context.getStore(NAMESPACE).put(new ClassScopedInstance(instance), Boolean.TRUE);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            if (context.getStore(NAMESPACE).get(new ClassScopedInstance(instance)) == null) {
                injectFields(context, instance.getClass(), instance, ModifierSupport::isNotStatic);
            }
        }
    }

    /** Fails the class before any VM boots when one of its annotations is wrong. */
    private static void validate(Class<?> testClass, Ignite ignite) {
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, MicroVM.class, f -> true,
                HierarchyTraversalMode.TOP_DOWN)) {
            requireVmType("field", describe(field), field.getType());
            if (ModifierSupport.isFinal(field)) {
                throw new ExtensionConfigurationException("@MicroVM field [" + describe(field)
                        + "] must not be final: the extension assigns it");
            }
            MicroVmDefinition.of(field.getAnnotation(MicroVM.class), "field [" + describe(field) + "]", ignite);
        }
        for (Method method : ReflectionSupport.findMethods(testClass, m -> true, HierarchyTraversalMode.TOP_DOWN)) {
            for (Parameter parameter : method.getParameters()) {
                MicroVM annotation = parameter.getAnnotation(MicroVM.class);
                if (annotation != null) {
                    String element = describe(method, parameter);
                    requireVmType("parameter", element, parameter.getType());
                    MicroVmDefinition.of(annotation, "parameter [" + element + "]", ignite);
                }
            }
        }
    }

    private static void requireVmType(String kind, String element, Class<?> type) {
        if (!Vm.class.isAssignableFrom(type)) {
            throw new ExtensionConfigurationException(String.format("@MicroVM %s [%s] must be of type %s but was: %s",
                    kind, element, Vm.class.getName(), type.getName()));
        }
    }

    private void injectFields(ExtensionContext context, Class<?> testClass, Object instance, Predicate<Field> scope) {
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, MicroVM.class, scope,
                HierarchyTraversalMode.TOP_DOWN)) {
            Vm vm = start(context, field.getAnnotation(MicroVM.class), "field [" + describe(field) + "]");
            try {
                field.setAccessible(true);
                field.set(instance, vm);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new ExtensionConfigurationException("cannot set @MicroVM field [" + describe(field) + "]", e);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.isAnnotated(MicroVM.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter parameter = parameterContext.getParameter();
        String element = describe(parameterContext.getDeclaringExecutable(), parameter);
        requireVmType("parameter", element, parameter.getType());
        return start(extensionContext, parameterContext.findAnnotation(MicroVM.class).orElseThrow(),
                "parameter [" + element + "]");
    }

    private Vm start(ExtensionContext context, MicroVM annotation, String element) {
        Ignite ignite = engine(context);
        MicroVmDefinition definition = MicroVmDefinition.of(annotation, element, ignite);
        Optional<MicroVmVariant> variant = variant(context);
        VmSpec.Builder spec = definition.spec().toBuilder();
        variant.ifPresent(v -> spec.setImage(v.image()).setKernel(v.kernel()));
        VmSpec vmSpec = spec.putLabel("junit.test", context.getUniqueId()).putLabel("junit.element", element).build();
        if (!definition.shared().isEmpty()) {
            ManagedVm shared = session(context, SharedVms.class, SharedVms::new)
                    .get(definition, () -> boot(context, ignite, definition, vmSpec));
            scoped(context).borrow(shared);
            return shared.vm();
        }
        ManagedVm vm = boot(context, ignite, definition, vmSpec);
        scoped(context).add(vm);
        return vm.vm();
    }

    private static ManagedVm boot(ExtensionContext context, Ignite ignite, MicroVmDefinition definition, VmSpec spec) {
        VmSlots slots = session(context, VmSlots.class, () -> VmSlots.from(context));
        slots.acquire(definition.element());
        try {
            LaunchOptions options = launchOptions(context, definition, spec);
            OnTheSpot.importMissingSources(ignite, spec, options.listener()::progress); // "oci-archive:…"
            return new ManagedVm(ignite.launch(spec, options), slots,
                    keepFailed(context) || definition.keepOnFailure());
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /**
     * With {@value #KEEP_FAILED} (or its own {@code keepOnFailure}) a VM is made detached, so that when its test fails it can outlive the
     * test JVM for `ignite attach`/`ssh`; when the test passes it is removed as usual.
     */
    private static LaunchOptions launchOptions(ExtensionContext context, MicroVmDefinition definition, VmSpec spec) {
        boolean keep = keepFailed(context) || definition.keepOnFailure();
        // A pool holds clones of this JVM with generated names; a kept (detached) or named VM is made when asked.
        boolean pooled = !keep && definition.boot() == BootMode.CLONE && spec.name() == null;
        return LaunchOptions.builder()
                .setOwnership(keep ? Ownership.DETACHED : Ownership.THIS_PROCESS)
                .setBoot(definition.boot())
                .setWarmPool(pooled ? WarmPoolSize.of(context) : 0)
                .setWarmup(definition.warmup())
                .setListener(LaunchListener.STDERR)
                .build();
    }

    private static boolean keepFailed(ExtensionContext context) {
        return context.getConfigurationParameter(KEEP_FAILED, Boolean::parseBoolean).orElse(false);
    }

    /** The image × kernel of a {@link MicroVmSource} invocation, if this is one. */
    private static Optional<MicroVmVariant> variant(ExtensionContext context) {
        ParameterInfo info = ParameterInfo.get(context);
        if (info == null) {
            return Optional.empty();
        }
        for (Object argument : info.getArguments().toList()) {
            if (argument instanceof MicroVmVariant variant) {
                return Optional.of(variant);
            }
        }
        return Optional.empty();
    }

    // getOrComputeIfAbsent, not 6.0's computeIfAbsent: deprecated in 6, but the one that runs on Jupiter 5.14 too.
    @SuppressWarnings("deprecation")
    private static ScopedVms scoped(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(ScopedVms.class, key -> new ScopedVms(), ScopedVms.class);
    }

    /** Session-wide values: closed by JUnit when the launcher session ends, after every class of the run. */
    @SuppressWarnings("deprecation")
    private static <T> T session(ExtensionContext context, Class<T> type, java.util.function.Supplier<T> create) {
        return context.getStore(StoreScope.LAUNCHER_SESSION, NAMESPACE)
                .getOrComputeIfAbsent(type, key -> create.get(), type);
    }

    /** Every VM a test can see: its own, its classes', the shared ones they use; innermost first. */
    private static List<ManagedVm> visibleVms(ExtensionContext context) {
        List<ManagedVm> visible = new ArrayList<>();
        for (Optional<ExtensionContext> scope = Optional.of(context); scope.isPresent();
             scope = scope.get().getParent()) {
            ScopedVms vms = scope.get().getStore(NAMESPACE).get(ScopedVms.class, ScopedVms.class);
            if (vms != null) {
                vms.visible().stream().filter(vm -> !visible.contains(vm)).forEach(visible::add);
            }
        }
        return visible;
    }

    /** A test that passed still fails when a kernel it used panicked, oopsed or hit a BUG meanwhile. */
    @Override
    public void afterEach(ExtensionContext context) {
        KernelErrorOnConsole error = KernelErrorOnConsole.collect(visibleVms(context));
        if (error != null) {
            throw error;
        }
    }

    /**
     * A failed test carries the console of every VM it could see: the tail is attached to the failure,
     * published as a report entry (IDEs, JUnit's console launcher) and written to the test's stderr,
     * which Surefire and Failsafe keep in the XML report (3.5 drops report entries). When a kernel
     * error explains the failure (an exec that lost its VM to a panic), that error is what the test
     * fails with.
     */
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        List<ManagedVm> visible = visibleVms(context);
        for (ManagedVm vm : visible) {
            VmDiagnostics diagnostics = VmDiagnostics.of(vm.vm(), vm.keepOnFailure());
            failure.addSuppressed(diagnostics);
            String key = "ignite.vm." + vm.vm().name();
            context.publishReportEntry(key, diagnostics.getMessage());
            System.err.println("[ignite] report entry " + key + ": " + diagnostics.getMessage());
            if (vm.keepOnFailure()) {
                vm.keep();
            }
        }
        KernelErrorOnConsole error = KernelErrorOnConsole.collect(visible);
        if (error != null) {
            error.initCause(failure);
            throw error;
        }
        throw failure;
    }

    private static Ignite engine(ExtensionContext context) {
        return session(context, Engine.class, () -> new Engine(Ignite.open())).ignite();
    }

    private static String describe(Field field) {
        return field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    private static String describe(java.lang.reflect.Executable executable, Parameter parameter) {
        return parameter.getName() + " of " + executable.getDeclaringClass().getSimpleName() + "."
                + executable.getName() + "()";
    }
}
