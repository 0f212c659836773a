package dev.ignite.junit;

/**
 * One image × kernel combination of a {@link MicroVmSource} matrix. Declared as a parameter of the
 * parameterized test, it makes the test's {@link MicroVM} VMs boot that image and kernel instead of
 * the ones their annotation names.
 */
public record MicroVmVariant(String image, String kernel) {
    @Override
    public String toString() {
        return "image=" + image + ", kernel=" + kernel;
    }
}
