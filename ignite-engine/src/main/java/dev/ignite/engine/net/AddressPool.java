package dev.ignite.engine.net;

import dev.ignite.engine.IgniteException;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Picks guest addresses and subnets: the lowest free one, so released addresses are reused. */
final class AddressPool {
    private AddressPool() {
    }

    static String nextAddress(Subnet subnet, Collection<NetworkMember> members) {
        Set<String> taken = new HashSet<>();
        members.forEach(m -> taken.add(m.address()));
        for (int host = Subnet.FIRST_GUEST; host <= Subnet.LAST_GUEST; host++) {
            if (!taken.contains(subnet.address(host))) {
                return subnet.address(host);
            }
        }
        throw new IgniteException("network " + subnet + " is full: " + members.size() + " VMs are on it");
    }

    static Subnet nextVdeSubnet(Collection<NetworkRecord> networks) {
        Set<Subnet> taken = new HashSet<>();
        networks.forEach(n -> taken.add(n.subnet()));
        for (int i = 0; i < 256; i++) {
            if (!taken.contains(Subnet.vde(i))) {
                return Subnet.vde(i);
            }
        }
        throw new IgniteException("all 256 vde subnets (10.77.0.0/16) are in use: remove unused networks");
    }
}
