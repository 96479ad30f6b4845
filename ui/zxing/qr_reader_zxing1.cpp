#include "ui/zxing/qr_reader.h"

#define ZX_USE_UTF8 // ZXing 1.4: text() as UTF-8 std::string
#include <ZXing/ReadBarcode.h>

namespace ferry::ui {

std::optional<std::string> readQrCode(const std::uint8_t* gray, int width, int height, int stride) {
    const ZXing::ImageView view(gray, width, height, ZXing::ImageFormat::Lum, stride);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    if (!result.isValid())
        return std::nullopt;
    return result.text();
}

} // namespace ferry::ui
