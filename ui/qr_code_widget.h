#pragma once

#include "util/qr_code.h"

#include <QImage>
#include <QString>
#include <QWidget>
#include <optional>

namespace ferry::ui {

/// Shows a text (a link) as a large QR code: dark modules on white with the quiet zone,
/// whatever the palette or theme, so that any scanner reads it; square at any width and
/// painted as vector shapes on whole device pixels, so it stays crisp at any DPI.
class QrCodeWidget : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMinimumSide = 260;

    explicit QrCodeWidget(QWidget* parent = nullptr);

    /// Empty text clears the code.
    void setText(const QString& text);
    QString text() const { return m_text; }
    /// False when there is no text, or it is too long for a QR code.
    bool hasCode() const { return m_code.has_value(); }
    /// A pixel-exact image of the code, at least `minimumSide` pixels wide (null without a
    /// code): for saving and printing.
    QImage toImage(int minimumSide) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    bool hasHeightForWidth() const override { return true; }
    int heightForWidth(int width) const override { return width; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QString m_text;
    std::optional<core::QrMatrix> m_code;
};

} // namespace ferry::ui
