#include "crypto/openssl_handles.h"

#include <openssl/err.h>

namespace ferry::core::crypto {

Error openSslError(CryptoErrc code, const std::string& what) {
    std::string message = what;
    if (const unsigned long err = ERR_get_error(); err != 0) {
        char buffer[256];
        ERR_error_string_n(err, buffer, sizeof buffer);
        message += ": ";
        message += buffer;
    }
    ERR_clear_error();
    return makeError(code, std::move(message));
}

} // namespace ferry::core::crypto
