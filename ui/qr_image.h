#pragma once

#include "util/qr_code.h"

#include <QColor>
#include <QImage>
#include <QRectF>
#include <QString>
#include <optional>

class QPainter;

namespace ferry::ui {

/// Modules of light border around a QR code; scanners want at least four.
inline constexpr int kQrQuietZone = 4;

/// A pixel-exact image of a QR code: every module is `pixelsPerModule` square, with the
/// quiet zone, so it stays crisp when saved or shown at 1:1.
QImage renderQrImage(const core::QrMatrix& code, int pixelsPerModule,
                     const QColor& dark = Qt::black, const QColor& light = Qt::white);

/// Paints a QR code (with its quiet zone) into `target` as vector shapes, snapped to whole
/// device pixels where it can: crisp at any size and screen DPI.
void paintQr(QPainter& painter, const QRectF& target, const core::QrMatrix& code,
             const QColor& dark = Qt::black, const QColor& light = Qt::white);

/// Finds and decodes a QR code in an image — a camera frame, an image file, the clipboard,
/// a region of the screen — at any size or rotation. Nothing found: no value.
std::optional<QString> decodeQrImage(const QImage& image);

} // namespace ferry::ui
