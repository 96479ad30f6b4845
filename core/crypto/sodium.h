#pragma once

namespace ferry::core::crypto {

/// Makes sure libsodium is initialised before a function of this module uses it.
///
/// sodium_init() is itself idempotent and thread-safe, so every entry point that needs it simply
/// calls this; there is no module-level state of our own. If libsodium cannot initialise (no
/// usable randomness source) the process aborts: continuing would produce predictable keys.
void ensureSodium();

} // namespace ferry::core::crypto
