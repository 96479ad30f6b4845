#include "store/database_key.h"

#include "crypto/random.h"
#include "crypto/sodium.h"
#include "store/store_errc.h"
#include "util/try.h"

#include <cctype>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sodium.h>
#include <sstream>
#include <string>
#include <system_error>

namespace ferry::core::store {
namespace {

constexpr std::string_view kSaltFileTag = "ferry-profile-kdf 1";
constexpr std::string_view kAlgorithm = "argon2id13";
// Key files and salt files are tiny; anything bigger is the wrong file.
constexpr std::uintmax_t kMaxSmallFile = 4096;

Error keyError(const std::filesystem::path& file, const std::string& why) {
    return makeError(StoreErrc::Key, "key file " + file.string() + ": " + why);
}

// Reads a small file into wiped-on-free memory.
Result<crypto::SecretBytes> readSmallFile(const std::filesystem::path& file, const char* what) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        return makeError(StoreErrc::Key, std::string("cannot read ") + what + " " + file.string() +
                                             ": " + ec.message());
    }
    if (size > kMaxSmallFile) {
        return makeError(StoreErrc::Key, std::string(what) + " " + file.string() + " is too large");
    }
    crypto::SecretBytes content(static_cast<std::size_t>(size));
    std::ifstream in(file, std::ios::binary);
    if (!in || !in.read(reinterpret_cast<char*>(content.data()),
                        static_cast<std::streamsize>(content.size()))) {
        return makeError(StoreErrc::Key, std::string("cannot read ") + what + " " + file.string());
    }
    return content;
}

bool isSpace(std::uint8_t c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

KdfParameters KdfParameters::generate(KdfStrength strength) {
    KdfParameters p;
    p.salt = crypto::randomBytes(kKdfSaltSize);
    switch (strength) {
    case KdfStrength::Interactive:
        p.opsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        p.memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
        break;
    case KdfStrength::Moderate:
        p.opsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
        p.memLimit = crypto_pwhash_MEMLIMIT_MODERATE;
        break;
    case KdfStrength::Sensitive:
        p.opsLimit = crypto_pwhash_OPSLIMIT_SENSITIVE;
        p.memLimit = crypto_pwhash_MEMLIMIT_SENSITIVE;
        break;
    }
    return p;
}

crypto::SecretBytes generateDatabaseKey() {
    return crypto::SecretBytes::random(kDatabaseKeySize);
}

Result<crypto::SecretBytes> deriveKeyFromPassphrase(std::string_view passphrase,
                                                    const KdfParameters& parameters) {
    crypto::ensureSodium();
    if (parameters.salt.size() != crypto_pwhash_SALTBYTES) {
        return makeError(StoreErrc::Key, "passphrase salt must be 16 bytes");
    }
    if (parameters.opsLimit < crypto_pwhash_OPSLIMIT_MIN ||
        parameters.opsLimit > crypto_pwhash_OPSLIMIT_MAX ||
        parameters.memLimit < crypto_pwhash_MEMLIMIT_MIN ||
        parameters.memLimit > crypto_pwhash_MEMLIMIT_MAX) {
        return makeError(StoreErrc::Key, "passphrase KDF limits out of range");
    }
    crypto::SecretBytes key(kDatabaseKeySize);
    if (crypto_pwhash(key.data(), key.size(), passphrase.data(), passphrase.size(),
                      parameters.salt.data(), parameters.opsLimit, parameters.memLimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return makeError(StoreErrc::Key, "passphrase key derivation failed (out of memory?)");
    }
    return key;
}

Result<crypto::SecretBytes> deriveKeyFromPassphrase(std::string_view passphrase, ByteView salt,
                                                    KdfStrength strength) {
    KdfParameters parameters = KdfParameters::generate(strength);
    parameters.salt.assign(salt.begin(), salt.end());
    return deriveKeyFromPassphrase(passphrase, parameters);
}

std::filesystem::path saltFilePath(const std::filesystem::path& databaseFile) {
    return databaseFile.parent_path() / (databaseFile.stem().string() + ".salt");
}

Result<void> writeSaltFile(const std::filesystem::path& file, const KdfParameters& parameters) {
    if (parameters.salt.size() != kKdfSaltSize) {
        return makeError(StoreErrc::Key, "passphrase salt must be 16 bytes");
    }
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        return makeError(StoreErrc::Key, "salt file " + file.string() + " already exists");
    }
    std::ostringstream text;
    text << kSaltFileTag << "\nalgorithm " << kAlgorithm << "\nopslimit " << parameters.opsLimit
         << "\nmemlimit " << parameters.memLimit << "\nsalt " << toHex(parameters.salt) << "\n";
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    const std::string content = text.str();
    if (!out || !out.write(content.data(), static_cast<std::streamsize>(content.size())) ||
        !out.flush()) {
        return makeError(StoreErrc::Key, "cannot write salt file " + file.string());
    }
    return {};
}

Result<KdfParameters> readSaltFile(const std::filesystem::path& file) {
    FERRY_TRY(content, readSmallFile(file, "salt file"));
    std::istringstream in(toString(content.view()));
    const auto bad = [&file](const std::string& why) {
        return makeError(StoreErrc::Key, "salt file " + file.string() + " is not valid: " + why);
    };
    std::string line;
    if (!std::getline(in, line) || line != kSaltFileTag) {
        return bad("unknown format");
    }
    KdfParameters p;
    std::string key;
    std::string algorithm;
    std::string saltHex;
    bool haveOps = false;
    bool haveMem = false;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        if (!(fields >> key)) {
            continue;
        }
        if (key == "algorithm") {
            fields >> algorithm;
        } else if (key == "opslimit") {
            haveOps = static_cast<bool>(fields >> p.opsLimit);
        } else if (key == "memlimit") {
            haveMem = static_cast<bool>(fields >> p.memLimit);
        } else if (key == "salt") {
            fields >> saltHex;
        }
    }
    if (algorithm != kAlgorithm) {
        return bad("unsupported algorithm");
    }
    if (!haveOps || !haveMem || p.opsLimit < crypto_pwhash_OPSLIMIT_MIN ||
        p.opsLimit > crypto_pwhash_OPSLIMIT_MAX || p.memLimit < crypto_pwhash_MEMLIMIT_MIN ||
        p.memLimit > crypto_pwhash_MEMLIMIT_MAX) {
        return bad("missing or out-of-range limits");
    }
    p.salt = fromHex(saltHex);
    if (p.salt.size() != kKdfSaltSize) {
        return bad("salt must be 32 hex digits");
    }
    return p;
}

Result<crypto::SecretBytes> readKeyFile(const std::filesystem::path& file) {
    FERRY_TRY(content, readSmallFile(file, "key file"));
    if (content.size() == kDatabaseKeySize) {
        return content;
    }
    ByteView text = content.view();
    while (!text.empty() && isSpace(text.front())) {
        text = text.subspan(1);
    }
    while (!text.empty() && isSpace(text.back())) {
        text = text.first(text.size() - 1);
    }
    if (text.empty()) {
        return keyError(file, "file is empty; expected 64 hex digits or 32 raw bytes");
    }
    if (text.size() != kDatabaseKeySize * 2) {
        return keyError(file, "expected 64 hex digits or 32 raw bytes, found " +
                                  std::to_string(content.size()) + " bytes");
    }
    crypto::SecretBytes key(kDatabaseKeySize);
    std::size_t written = 0;
    if (sodium_hex2bin(key.data(), key.size(), reinterpret_cast<const char*>(text.data()),
                       text.size(), nullptr, &written, nullptr) != 0 ||
        written != kDatabaseKeySize) {
        return keyError(file, "expected 64 hex digits (0-9, a-f) but found other characters");
    }
    return key;
}

Result<void> writeKeyFile(const std::filesystem::path& file, const crypto::SecretBytes& key) {
    if (key.size() != kDatabaseKeySize) {
        return makeError(StoreErrc::Key, "database key must be 32 bytes");
    }
    crypto::SecretBytes hex(kDatabaseKeySize * 2 + 1);
    sodium_bin2hex(reinterpret_cast<char*>(hex.data()), hex.size(), key.data(), key.size());
    hex.data()[kDatabaseKeySize * 2] = '\n';
    std::error_code ec;
    std::filesystem::remove(file, ec);
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        if (!out) {
            return keyError(file, "cannot create");
        }
        // Restrict before any secret byte is written.
        std::filesystem::permissions(
            file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
            std::filesystem::perm_options::replace, ec);
        if (ec) {
            out.close();
            std::filesystem::remove(file, ec);
            return keyError(file, "cannot restrict its permissions");
        }
        if (!out.write(reinterpret_cast<const char*>(hex.data()),
                       static_cast<std::streamsize>(hex.size())) ||
            !out.flush()) {
            return keyError(file, "cannot write");
        }
    }
    return {};
}

} // namespace ferry::core::store
