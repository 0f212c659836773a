package dev.ignite.engine.vm;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** IDs and Docker-style generated names ({@code quirky_lovelace}) for VMs created without one. */
final class VmNames {
    private static final Random RANDOM = new SecureRandom();
    private static final List<String> ADJECTIVES = List.of("brave", "calm", "eager", "fancy", "gentle", "happy",
            "jolly", "keen", "lucid", "merry", "nimble", "proud", "quirky", "rapid", "sharp", "tidy", "vivid",
            "witty", "zealous", "bold", "crisp", "deft", "fond", "hardy");
    private static final List<String> NAMES = List.of("lovelace", "turing", "hopper", "torvalds", "ritchie",
            "thompson", "knuth", "dijkstra", "lamport", "liskov", "hamilton", "babbage", "shannon", "backus",
            "mccarthy", "kay", "wirth", "hoare", "engelbart", "cerf", "goldberg", "allen", "bellard", "tanenbaum");

    private VmNames() {
    }

    static String newId() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String newName() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "_" + NAMES.get(RANDOM.nextInt(NAMES.size()));
    }

    /** A VM's name as the guest's host name: {@code _} (allowed in names, not in host names) becomes {@code -}. */
    static String hostname(String vmName) {
        return vmName.replace('_', '-');
    }
}
