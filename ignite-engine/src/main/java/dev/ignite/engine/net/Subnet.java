package dev.ignite.engine.net;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.ignite.engine.IgniteException;

/** An IPv4 /24 network: {@code .1} is the host side (bridge address), guests get {@code .2} to {@code .254}. */
public record Subnet(String prefix) {
    public static final int FIRST_GUEST = 2;
    public static final int LAST_GUEST = 254;

    public Subnet {
        if (!prefix.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IgniteException("subnet prefix '" + prefix + "' is not of the form A.B.C");
        }
    }

    /** {@code 10.77.N.0/24}, the vde networks' range (docker and libvirt use others). */
    static Subnet vde(int index) {
        return new Subnet("10.77." + index);
    }

    public String address(int host) {
        return prefix + "." + host;
    }

    public String cidr(int host) {
        return address(host) + "/24";
    }

    public String hostAddress() {
        return address(1);
    }

    @JsonCreator
    static Subnet parse(String cidr) {
        if (cidr == null || !cidr.endsWith(".0/24")) {
            throw new IgniteException("subnet '" + cidr + "' is not a /24 of the form A.B.C.0/24");
        }
        return new Subnet(cidr.substring(0, cidr.length() - ".0/24".length()));
    }

    @JsonValue
    @Override
    public String toString() {
        return prefix + ".0/24";
    }
}
