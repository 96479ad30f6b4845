#include "util/qr_code.h"

#include "util/util_errc.h"

#include <memory>
#include <qrencode.h>
#include <string>

namespace ferry::core {

namespace {
struct QrCodeFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};
} // namespace

Result<QrMatrix> encodeQr(std::string_view text) {
    const std::string data(text); // libqrencode wants a NUL-terminated string
    std::unique_ptr<QRcode, QrCodeFree> code(
        QRcode_encodeString8bit(data.c_str(), 0, QR_ECLEVEL_M));
    if (!code)
        return makeError(UtilErrc::QrTooLong, "the text is too long for a QR code");
    QrMatrix matrix;
    matrix.size = code->width;
    matrix.modules.resize(static_cast<std::size_t>(code->width * code->width));
    for (std::size_t i = 0; i < matrix.modules.size(); ++i)
        matrix.modules[i] = code->data[i] & 1; // bit 0: dark module
    return matrix;
}

} // namespace ferry::core
