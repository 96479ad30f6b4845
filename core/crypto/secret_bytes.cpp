#include "crypto/secret_bytes.h"

#include "crypto/random.h"
#include "crypto/sodium.h"

#include <sodium.h>
#include <utility>

namespace ferry::core::crypto {

SecretBytes::SecretBytes(std::size_t size) : m_bytes(size, 0) {}

SecretBytes::SecretBytes(ByteView data) : m_bytes(data.begin(), data.end()) {}

SecretBytes SecretBytes::takeFrom(Bytes& data) {
    SecretBytes secret(ByteView{data.data(), data.size()});
    if (!data.empty()) {
        sodium_memzero(data.data(), data.size());
    }
    data.clear();
    return secret;
}

SecretBytes SecretBytes::random(std::size_t size) {
    SecretBytes secret(size);
    randomFill(secret.span());
    return secret;
}

SecretBytes::SecretBytes(const SecretBytes& other) : m_bytes(other.m_bytes) {}

SecretBytes& SecretBytes::operator=(const SecretBytes& other) {
    if (this != &other) {
        wipe();
        m_bytes = other.m_bytes;
    }
    return *this;
}

// Moving a std::vector transfers its buffer, so no copy of the secret is left in `other`.
SecretBytes::SecretBytes(SecretBytes&& other) noexcept : m_bytes(std::move(other.m_bytes)) {
    other.m_bytes.clear();
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
    if (this != &other) {
        wipe();
        m_bytes = std::move(other.m_bytes);
        other.m_bytes.clear();
    }
    return *this;
}

SecretBytes::~SecretBytes() {
    wipe();
}

bool SecretBytes::operator==(const SecretBytes& other) const {
    return constantTimeEqual(view(), other.view());
}

void SecretBytes::wipe() {
    if (!m_bytes.empty()) {
        sodium_memzero(m_bytes.data(), m_bytes.size());
    }
    m_bytes.clear();
}

} // namespace ferry::core::crypto
