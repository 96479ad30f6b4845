#pragma once

#include "crypto/secret_bytes.h"
#include "util/bytes.h"
#include "util/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

namespace ferry::core::store {

/// Size of a profile database key: SQLCipher's AES-256 raw key.
inline constexpr std::size_t kDatabaseKeySize = 32;
/// Size of the Argon2id salt (crypto_pwhash_SALTBYTES).
inline constexpr std::size_t kKdfSaltSize = 16;

/// How expensive the passphrase KDF is; libsodium's named Argon2id limits.
/// Moderate (3 passes, 256 MiB, ~0.5-1 s on a desktop) is the default for real profiles;
/// Interactive (2 passes, 64 MiB) is for tests and very small devices; Sensitive
/// (4 passes, 1 GiB) for users who ask for it.
enum class KdfStrength { Interactive, Moderate, Sensitive };

/// Argon2id parameters and salt for one profile. Not secret: stored in plaintext next to
/// the database so the same key can be derived again, even if the defaults change later.
struct KdfParameters {
    Bytes salt;                 ///< kKdfSaltSize random bytes
    std::uint64_t opsLimit = 0; ///< Argon2 passes
    std::size_t memLimit = 0;   ///< bytes of memory

    /// Fresh random salt with the limits of `strength`.
    static KdfParameters generate(KdfStrength strength);
};

/// A new random database key (for the OS keychain or a key file).
crypto::SecretBytes generateDatabaseKey();

/// Argon2id (crypto_pwhash ALG_ARGON2ID13) of the passphrase into a 32-byte key.
Result<crypto::SecretBytes> deriveKeyFromPassphrase(std::string_view passphrase,
                                                    const KdfParameters& parameters);
Result<crypto::SecretBytes> deriveKeyFromPassphrase(std::string_view passphrase, ByteView salt,
                                                    KdfStrength strength);

/// `<dir>/<stem>.salt` next to `<dir>/<stem>.db`: where a passphrase profile keeps its salt.
std::filesystem::path saltFilePath(const std::filesystem::path& databaseFile);

/// Writes the salt file (a few lines of text: format tag, algorithm, limits, hex salt).
/// Refuses to overwrite an existing file: losing the salt loses the profile.
Result<void> writeSaltFile(const std::filesystem::path& file, const KdfParameters& parameters);
/// Reads and validates a salt file; limits outside libsodium's range are refused.
Result<KdfParameters> readSaltFile(const std::filesystem::path& file);

/// Reads a key file: exactly 32 raw bytes, or 64 hex digits (surrounding whitespace allowed).
/// Error messages never quote the file's content.
Result<crypto::SecretBytes> readKeyFile(const std::filesystem::path& file);
/// Writes 64 lower-case hex digits and a newline, readable by the owner only.
Result<void> writeKeyFile(const std::filesystem::path& file, const crypto::SecretBytes& key);

} // namespace ferry::core::store
